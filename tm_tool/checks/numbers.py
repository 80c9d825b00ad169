"""number-mismatch: the numbers of source and target differ.

Numbers inside a glossary term that matched on both sides are left out (十五五 ↔ "15th
Five-Year Plan", 百县千镇万村 ↔ "100-County, 1,000-Town…"): the term check covers them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from .base import Context, Finding, Unit, UnitCheck
from .numerals import Number, compare, may_have_strong_numbers, numbers, show


def _numbers(unit: Unit) -> tuple[list[Number], list[Number]] | None:
    """The numbers of source and target, or None when neither side has a strong number (then
    nothing can be missing). A side that surely has none is read only when the other has one:
    parsing is the check's cost, and most units have no strong number at all."""
    seg = unit.segment
    src_may = may_have_strong_numbers(seg.source, unit.source_lang)
    tgt_may = may_have_strong_numbers(seg.target, unit.target_lang)
    if not (src_may or tgt_may):
        return None
    src = numbers(seg.source, unit.source_lang)
    if not tgt_may and not any(n.strong for n in src):
        return None
    tgt = numbers(seg.target, unit.target_lang)
    if not any(n.strong for n in (*src, *tgt)):
        return None
    return src, tgt


def _outside(found: list[Number], spans: list[tuple[int, int]]) -> list[Number]:
    return [n for n in found if not any(s <= n.start and n.end <= e for s, e in spans)]


class NumberCheck(UnitCheck):
    codes = ("number-mismatch",)
    severity: ClassVar[dict[str, str]] = {"number-mismatch": "error"}
    description = "the same numbers on both sides (Chinese numerals included)"

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        seg = unit.segment
        if not seg.target.strip():
            return
        sides = _numbers(unit)
        if sides is None:
            return
        exempt_src, exempt_tgt = context.exempt_spans(unit)
        src, tgt = _outside(sides[0], exempt_src), _outside(sides[1], exempt_tgt)
        missing, extra = compare(src, tgt, seg.source, seg.target)
        if not missing and not extra:
            return
        parts = []
        if missing:
            parts.append("source " + ", ".join(f"{n.text} ({show(n.value)})" for n in missing)
                         + " not in the target")
        if extra:
            parts.append("target " + ", ".join(n.text for n in extra) + " not in the source")
        yield self.finding(
            "number-mismatch", unit, "numbers differ: " + "; ".join(parts),
            expected=", ".join(show(n.value) for n in missing) or None,
            found=", ".join(n.text for n in extra) or None,
            span=(extra[0].start, extra[0].end) if extra else None)


"""number-mismatch: the numbers of source and target differ.

Numbers inside a glossary term that matched on both sides are left out (十五五 ↔ "15th
Five-Year Plan", 百县千镇万村 ↔ "100-County, 1,000-Town…"): the term check covers them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from .base import Context, Finding, Unit, UnitCheck
from .numerals import compare, numbers, show


def _outside(found, spans):
    return [n for n in found if not any(s <= n.start and n.end <= e for s, e in spans)]


class NumberCheck(UnitCheck):
    codes = ("number-mismatch",)
    severity: ClassVar[dict[str, str]] = {"number-mismatch": "error"}
    description = "the same numbers on both sides (Chinese numerals included)"

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        seg = unit.segment
        if not seg.target.strip():
            return
        exempt_src, exempt_tgt = context.exempt_spans(unit)
        src = _outside(numbers(seg.source, unit.source_lang), exempt_src)
        tgt = _outside(numbers(seg.target, unit.target_lang), exempt_tgt)
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


"""tag-mismatch and tag-order: the target keeps the source's inline codes.

Codes are compared by identity (element, id, native content; see codes.py), not by count per
element type: ``<strong>`` → ``<b>``, ``<h1>`` → ``<h2>`` and ``{\\cf17 }`` → ``{\\cf18 }`` are
changed codes. A missing, extra, changed or broken code, or a pair whose close comes first or
that crosses another, is an ``error``. The same codes in another order, still properly nested,
is what another language's word order may need: a ``warning``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import ClassVar

from .base import Context, Finding, Unit, UnitCheck
from .codes import (
    CLOSE,
    OPEN,
    Code,
    Codes,
    describe_rtf,
    element_codes,
    inline_written_as_text,
    text_codes,
)


def side_codes(text: str, markup: str | None) -> Codes:
    """The codes of one side: its inline elements, and the tags written in its text."""
    if markup is None:
        markup, text = inline_written_as_text(text)
    elements, written = element_codes(markup), text_codes(text)
    return Codes(elements.codes + written.codes, elements.formatting, written.broken,
                 (elements.unpaired or []) + (written.unpaired or []) or None)


_UNPAIRED = "out of order or without its partner"


def _identity(code: Code) -> tuple:
    return (code.kind, code.key)


def differences(source: Codes, target: Codes) -> list[str]:
    """What is wrong with the target's codes, as phrases: "target lacks </a>", "target has
    <b> where the source has <strong>". Empty when the codes match (maybe in another order)."""
    broken = sorted(set(target.broken or ()) - set(source.broken or ()))
    problems = _unmatched(source, target, broken)
    lost = sorted(source.formatting - target.formatting)
    added = sorted(target.formatting - source.formatting)
    if lost:
        problems.append("target lacks the RTF formatting " + ", ".join(map(describe_rtf, lost)))
    if added:
        problems.append("target has RTF formatting the source does not use: "
                        + ", ".join(map(describe_rtf, added)))
    if broken:
        problems.append("target has a broken tag " + ", ".join(broken))
    return problems or _structure(source, target)


def _differences(source: Codes, target: Codes) -> tuple[list[int], list[int]]:
    """(indexes of source codes the target lacks, indexes of target codes beyond those the
    source has)."""
    left = Counter(_identity(c) for c in target.codes)
    lacking: list[int] = []
    for index, code in enumerate(source.codes):
        if left[_identity(code)] > 0:
            left[_identity(code)] -= 1
        else:
            lacking.append(index)
    extra: list[int] = []
    for index, code in enumerate(target.codes):
        if left[_identity(code)] > 0:
            left[_identity(code)] -= 1
            extra.append(index)
    return lacking, extra


def _unmatched(source: Codes, target: Codes, broken: list[str]) -> list[str]:
    """Codes of one side that the other lacks; a lacking code and an extra one of the same
    kind are one changed code, and a changed pair is named by its open code only."""
    lacking, extra = _differences(source, target)
    problems: list[str] = []
    for index in list(lacking):
        if index not in lacking:
            continue  # the partner of a pair already reported
        code = source.codes[index]
        if code.shown.rstrip(">") in broken:
            continue  # "</b continue": reported as broken
        instead = next((e for e in extra if target.codes[e].kind == code.kind), None)
        if instead is None:
            problems.append(f"target lacks {code.shown}")
            continue
        extra.remove(instead)
        if target.codes[instead].shown == code.shown:  # the same code, unpaired
            problems.append(f"target has {code.shown} {_UNPAIRED}")
            continue
        problems.append(f"target has {target.codes[instead].shown} where the source has "
                        f"{code.shown}")
        partners = (code.pair, target.codes[instead].pair)
        if partners[0] in lacking and partners[1] in extra:  # <strong>…</strong> → <b>…</b>
            lacking.remove(partners[0])
            extra.remove(partners[1])
    return problems + [f"target has {target.codes[i].shown} the source does not have"
                       for i in extra]


def _structure(source: Codes, target: Codes) -> list[str]:
    """Pairing and nesting of codes that match: a close before its open, overlapping pairs."""
    problems = []
    unpaired = Counter(target.unpaired or ()) - Counter(source.unpaired or ())
    problems += [f"target has {shown} {_UNPAIRED}" for shown in unpaired]
    for index, code in enumerate(target.codes):
        if code.kind == OPEN and code.pair is not None and code.pair < index:
            problems.append(f"target has {target.codes[code.pair].shown} before {code.shown}")
    crossing = _crossing(target.codes) - _crossing(source.codes)
    if crossing and not unpaired:
        problems.append("target codes overlap instead of nesting: " + ", ".join(sorted(crossing)))
    return problems


def _crossing(codes: list[Code]) -> set[str]:
    """Opens whose pair encloses only part of another pair (<b><i></b></i>)."""
    found = set()
    for start, code in enumerate(codes):
        if code.kind != OPEN or code.pair is None or code.pair < start:
            continue
        for inner in range(start + 1, code.pair):
            partner = codes[inner].pair
            if partner is not None and not start < partner < code.pair:
                found.add(code.shown)
    return found


def reordered(source: Codes, target: Codes) -> bool:
    def order(codes: Codes) -> list[tuple]:
        return [_identity(c) for c in codes.codes]
    return order(source) != order(target)


def _may_find(unit: Unit) -> bool:
    seg = unit.segment  # (as TagCheck.check's first lines)
    return bool(seg.source_markup or seg.target_markup or "<" in seg.source
                or "<" in seg.target)


class TagCheck(UnitCheck):
    codes = ("tag-mismatch", "tag-order")
    severity: ClassVar[dict[str, str]] = {"tag-mismatch": "error", "tag-order": "warning"}
    description = "inline codes and markup kept, paired and nested"
    may_find = staticmethod(_may_find)

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        seg = unit.segment
        if not seg.target.strip() and not seg.target_markup:
            return  # empty: untranslated's business
        if "<" not in seg.source + seg.target and not (seg.source_markup or seg.target_markup):
            return  # no code on either side (most units)
        source = side_codes(seg.source, seg.source_markup)
        target = side_codes(seg.target, seg.target_markup)
        if not (source.codes or target.codes or source.formatting or target.formatting
                or target.broken):
            return
        problems = differences(source, target)
        if problems:
            yield self.finding("tag-mismatch", unit, "; ".join(problems),
                               expected=" ".join(c.shown for c in source.codes) or None,
                               found=" ".join(c.shown for c in target.codes) or None)
        elif reordered(source, target):
            yield self.finding(
                "tag-order", unit,
                "inline codes in another order than the source: source "
                + " ".join(c.shown for c in source.codes) + "; target "
                + " ".join(c.shown for c in target.codes))


__all__ = ["CLOSE", "OPEN", "TagCheck", "differences", "side_codes"]

"""Repairing a fuzzy match whose source differs from the new source only in numbers or in
glossary terms: 第十四届 → 第十五届 turns "14th" into "15th", 2025年 → 2026年 turns 2025 into
2026, and a term's preferred rendering replaces the match's rendering of the old term.

Both sources are read with the number readers (checks/numerals) and, for a Chinese source,
the glossary's term scanner (termmatch); with every number and term masked the two sources
must be the same text, else nothing is repaired. Each number that changed must be found once
in the match's target (by value) written in digits (an ordinal suffix is recomputed); each
term that changed must have one of its renderings in the target. Anything less: no repair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

from ..checks.numerals import Number, numbers
from ..termmatch import Termbase, TermHit

_DIGITS = re.compile(r"(\d+)(st|nd|rd|th)?")


@dataclass
class Repaired:
    text: str
    changes: list[tuple[str, str]]  # (as the match's target had it, as it is now)


_Piece = tuple[int, int, object]  # (start, end, Number | TermHit)


def _pieces(text: str, lang: str, termbase: Termbase | None) -> list[_Piece]:
    terms = termbase.scan(text) if termbase is not None and lang == "zh" else []
    spans: list[_Piece] = [(t.start, t.end, t) for t in terms]
    for n in numbers(text, lang):
        if not any(s < n.end and n.start < e for s, e, _ in spans):
            spans.append((n.start, n.end, n))
    return sorted(spans, key=lambda p: p[0])


def _skeleton(text: str, pieces: list[_Piece]) -> str:
    out, last = [], 0
    for start, end, item in pieces:
        out += [text[last:start], "\x01" if isinstance(item, Number) else "\x02"]
        last = end
    return "".join([*out, text[last:]]).strip()


def _suffix(value: int) -> str:
    if value % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")


def _rewrite_number(written: str, new: Fraction) -> str | None:
    """'14th' for 15 → '15th'; '2025' → '2026'; None when not plain digits."""
    found = _DIGITS.fullmatch(written.strip())
    if found is None or new.denominator != 1 or new < 0:
        return None
    value = int(new)
    suffix = found.group(2)
    if suffix:
        suffix = _suffix(value) if suffix.islower() else _suffix(value).upper()
    return written.replace(found.group(0), f"{value}{suffix or ''}")


class Repairer:
    def __init__(self, termbase: Termbase | None, source_lang: str, target_lang: str) -> None:
        self.termbase, self.src, self.tgt = termbase, source_lang, target_lang

    def repair(self, query: str, match_source: str, match_target: str) -> Repaired | None:
        """The match's target repaired for ``query``, or None. Terms and numbers are tried
        first, then numbers alone: a glossary term that spells a number (第十五届委员会 …)
        is then read as the number it holds."""
        for termbase in dict.fromkeys((self.termbase, None)):
            new = _pieces(query, self.src, termbase)
            old = _pieces(match_source, self.src, termbase)
            if len(new) == len(old) and _skeleton(query, new) == _skeleton(match_source, old):
                return self._apply(old, new, match_target)
        return None

    def _apply(self, old: list[_Piece], new: list[_Piece], match_target: str
               ) -> Repaired | None:
        pool = numbers(match_target, self.tgt)
        edits: list[tuple[int, int, str]] = []
        for (_, _, was), (_, _, now) in zip(old, new, strict=True):
            edit = self._edit(was, now, match_target, pool)
            if edit is False:
                return None
            if edit:
                edits.append(edit)  # type: ignore[arg-type]
        if not edits or _overlap(edits):
            return None
        text, changes = match_target, []
        for start, end, replacement in sorted(edits, reverse=True):
            changes.append((match_target[start:end], replacement))
            text = text[:start] + replacement + text[end:]
        return Repaired(text, changes[::-1])

    def _edit(self, was: object, now: object, target: str, pool: list[Number]):
        """The target edit for one changed piece, None when it did not change, False when
        it changed and cannot be repaired."""
        if isinstance(was, Number) and isinstance(now, Number):
            return None if was.value == now.value else _number_edit(was, now, pool)
        if isinstance(was, TermHit) and isinstance(now, TermHit):
            if was.concept.key == now.concept.key:
                return None
            return self._term_edit(was, now, target)
        return False

    def _term_edit(self, was: TermHit, now: TermHit, target: str):
        assert self.termbase is not None
        verdict = self.termbase.judge(was.concept, target)
        found = verdict.accepted + verdict.wrong_case + verdict.deprecated
        preferred = now.concept.preferred(self.tgt)
        if len(found) != 1 or preferred is None:
            return False
        return (found[0].start, found[0].end, preferred.text)


def _number_edit(was: Number, now: Number, pool: list[Number]):
    same = [n for n in pool if was.value in n.values]
    if len(same) != 1:
        return False
    written = _rewrite_number(same[0].text, now.value)
    if written is None:
        return False
    pool.remove(same[0])
    return (same[0].start, same[0].end, written)


def _overlap(edits: list[tuple[int, int, str]]) -> bool:
    spans = sorted(edits)
    return any(a[1] > b[0] for a, b in pairwise(spans))

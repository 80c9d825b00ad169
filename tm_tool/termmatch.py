"""Finding glossary terms in text: Chinese terms in a source, English renderings in a target.

Shared by lookup (glossary hits for a query), term lookup and the terminology checks, so that
all three agree on what "the term occurs" means.

Chinese: one Aho–Corasick automaton (ahocorasick-rs, leftmost-longest) over the normalised terms
(quotes and title marks dropped, full-width folded, Traditional folded into Simplified), so a
sentence is scanned once whatever the size of the glossary, and a term inside a longer term that
also matched does not count on its own. A span never splits a pair of quotes or title marks:
in 省委“1310”具体部署 the term "1310"具体部署 spans “1310”具体部署 (both quotes), and a term
十五五 found in “十五五”时期 spans 十五五 (neither).

English renderings are matched by renderings.py (its names are re-exported here). A deprecated
rendering matches whatever its capitals ("International Jab Centre" with deprecated "jab"),
but not inside an accepted one.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

import ahocorasick_rs

from .model import Concept, Term
from .renderings import (
    EnglishScanner,
    EnglishView,
    Rendering,
    RenderingHit,
    english_view,
    has_inner_capitals,
    is_acronym,
    is_case_sensitive,
)
from .text import fold_zh_for_terms, normalize_zh_for_terms, to_simplified, zh_terms_view

SEPARATOR = "\x01"  # between texts scanned as one (scan_many): in no term, no text

__all__ = ["EnglishScanner", "EnglishView", "Rendering", "RenderingHit", "TermHit", "Termbase",
           "Verdict", "english_view", "has_inner_capitals", "is_acronym", "is_case_sensitive",
           "quote_balanced"]


@dataclass(frozen=True)
class TermHit:
    """A glossary term found in a text: ``text[start:end]`` is where (original offsets)."""

    start: int
    end: int
    text: str
    term: Term
    concept: Concept


@dataclass
class Verdict:
    """How a target renders one concept whose source term occurred."""

    accepted: list[RenderingHit]  # accepted renderings with the right capitals
    wrong_case: list[RenderingHit]  # accepted renderings with the wrong capitals
    deprecated: list[RenderingHit]  # deprecated renderings (not inside an accepted one)

    @property
    def ok(self) -> bool:
        return bool(self.accepted) and not self.deprecated


class Termbase:
    """A glossary compiled for scanning texts in its source language (zh by default)."""

    def __init__(self, concepts: Iterable[Concept], *, src: str = "zh", tgt: str = "en",
                 source_statuses: tuple[str, ...] = ("preferred", "admitted")) -> None:
        self.concepts = list(concepts)
        self.src, self.tgt = src, tgt
        entries: dict[str, list[tuple[Concept, Term]]] = {}
        for concept in self.concepts:
            for term in concept.terms_in(src, source_statuses):
                key, _ = normalize_zh_for_terms(term.text)
                if key:
                    entries.setdefault(key, []).append((concept, term))
        self._patterns = list(entries)
        self._payloads = [entries[p] for p in self._patterns]
        self._automaton = (
            ahocorasick_rs.AhoCorasick(self._patterns,
                                       matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
            if self._patterns else None
        )
        self._renderings: dict[int, tuple[list[Rendering], list[Rendering]]] = {}

    def __len__(self) -> int:
        return len(self._patterns)

    def scan(self, text: str) -> list[TermHit]:
        """Every glossary term in ``text``, leftmost-longest, non-overlapping, in text order."""
        if self._automaton is None or not text:
            return []
        norm, offsets = normalize_zh_for_terms(text)
        hits: list[TermHit] = []
        marks: bool | None = None  # whether the text has a quote or title mark at all
        for index, start, end in self._automaton.find_matches_as_indexes(norm):
            o_start, o_end = offsets[start], offsets[end - 1] + 1
            if marks is None:
                marks = _MARKS.search(text) is not None
            if marks:
                o_start, o_end = quote_balanced(text, o_start, o_end)
            for concept, term in self._payloads[index]:
                hits.append(TermHit(o_start, o_end, text[o_start:o_end], term, concept))
        return hits

    def scan_many(self, texts: Sequence[str]) -> list[list[TermHit]]:
        """:meth:`scan` of each of ``texts``, normalised and scanned as one text (joined by a
        separator no term holds, so no match crosses it): one call each instead of one per
        text. Texts that OpenCC would convert to another length, or that are not NFKC, are
        scanned one by one (their normalisation takes another path)."""
        if self._automaton is None or len(texts) < 2:
            return [self.scan(text) for text in texts]
        joined = SEPARATOR.join(texts)
        simplified = to_simplified(joined)  # (once: normalize_zh_for_terms would convert again)
        lengths = [len(text) for text in texts]
        if [len(part) for part in simplified.split(SEPARATOR)] != lengths:
            return [self.scan(text) for text in texts]
        folded = fold_zh_for_terms(simplified)
        if not unicodedata.is_normalized("NFKC", folded):
            return [self.scan(text) for text in texts]
        norm, offsets = zh_terms_view(folded)  # what normalize_zh_for_terms(joined) gives
        starts = list(accumulate((n + 1 for n in lengths), initial=0))
        found: list[list[TermHit]] = [[] for _ in texts]
        marks: dict[int, bool] = {}
        for index, start, end in self._automaton.find_matches_as_indexes(norm):
            j_start = offsets[start]
            i = bisect_right(starts, j_start) - 1
            text, base = texts[i], starts[i]
            o_start, o_end = j_start - base, offsets[end - 1] + 1 - base
            if i not in marks:
                marks[i] = _MARKS.search(text) is not None
            if marks[i]:
                o_start, o_end = quote_balanced(text, o_start, o_end)
            found[i] += [TermHit(o_start, o_end, text[o_start:o_end], term, concept)
                         for concept, term in self._payloads[index]]
        return found

    @cached_property
    def english_scanner(self) -> EnglishScanner:
        """The accepted renderings of every concept, for scanning English text (en → zh).
        Longer renderings first, so "Guangdong-Hong Kong-Macao Greater Bay Area" is seen
        before a shorter rendering it contains. An acronym matches only in capitals here: in
        a source, "who" is a pronoun, not WHO (in a target that must render WHO, "who" is
        the acronym with the wrong case)."""
        pairs = [(c, Rendering(r.term, exact_case=is_acronym(r.normalized)))
                 for c in self.concepts for r in self.renderings(c)[0]]
        pairs.sort(key=lambda pair: -len(pair[1].normalized))
        return EnglishScanner(pairs)

    def renderings(self, concept: Concept) -> tuple[list[Rendering], list[Rendering]]:
        """(accepted, deprecated) English renderings of a concept, compiled once."""
        cached = self._renderings.get(id(concept))
        if cached is None:
            accepted = [Rendering(t) for t in concept.terms_in(self.tgt, ("preferred",
                                                                          "admitted"))]
            deprecated = [Rendering(t) for t in concept.terms_in(self.tgt, ("deprecated",))]
            cached = self._renderings[id(concept)] = (accepted, deprecated)
        return cached

    def judge(self, concept: Concept, target: str, view: EnglishView | None = None) -> Verdict:
        """Find the concept's accepted and deprecated renderings in ``target``.

        A deprecated rendering found inside an accepted one ("quality development" inside
        "high-quality development"), or where an accepted one is (deprecated "two
        establishments" in "the two establishments": a case error of "Two Establishments"), is
        not counted: the translator used the accepted form, right or with the wrong capitals.
        """
        view = view or english_view(target)
        accepted, deprecated = self.renderings(concept)
        hits = [h for r in accepted for h in r.find(target, view)]
        good = [h for h in hits if h.case_ok]
        bad_case = [h for h in hits if not h.case_ok]
        spans = [(h.start, h.end) for h in hits]
        forbidden = [
            h for r in deprecated for h in r.find(target, view)
            if not any(s <= h.start and h.end <= e for s, e in spans)
        ]
        return Verdict(good, bad_case, forbidden)


_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉", "﹁": "﹂",
          "﹃": "﹄", "〝": "〞", "„": "“", "‚": "‘"}
_SYMMETRIC = "\"'＂＇"
# every mark quote_balanced looks at: a text without any keeps every span as it is
_MARKS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_PAIRS.values()) + _SYMMETRIC)
                    + "]")


def quote_balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``text[start:end]`` by the quote or title mark just outside it whose partner is
    inside it, so that a span holds both marks of a pair or neither."""
    return _symmetric_balanced(text, *_pairs_balanced(text, start, end))


def _pairs_balanced(text: str, start: int, end: int) -> tuple[int, int]:
    openers: list[str] = []
    for ch in text[start:end]:
        if ch in _PAIRS:
            openers.append(ch)
        elif ch in _PAIRS.values() and not (openers and _PAIRS[openers[-1]] == ch):
            if start > 0 and _PAIRS.get(text[start - 1]) == ch:
                start -= 1  # a closing mark whose opening one is just before the span
        elif openers and _PAIRS[openers[-1]] == ch:
            openers.pop()
    if openers and end < len(text) and text[end] == _PAIRS[openers[-1]]:
        end += 1
    return start, end


def _symmetric_balanced(text: str, start: int, end: int) -> tuple[int, int]:
    for mark in _SYMMETRIC:
        if text.count(mark, start, end) % 2:
            if start > 0 and text[start - 1] == mark:
                start -= 1
            elif end < len(text) and text[end] == mark:
                end += 1
    return start, end

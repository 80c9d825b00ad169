"""Finding glossary terms in text: Chinese terms in a source, English renderings in a target.

Shared by lookup (glossary hits for a query), term lookup and the terminology checks, so that
all three agree on what "the term occurs" means.

Chinese: one Aho–Corasick automaton (ahocorasick-rs, leftmost-longest) over the normalised terms
(quotes and title marks dropped, full-width folded, Traditional folded into Simplified), so a
sentence is scanned once whatever the size of the glossary, and a term inside a longer term that
also matched does not count on its own. A span never splits a pair of quotes or title marks:
in 省委“1310”具体部署 the term "1310"具体部署 spans “1310”具体部署 (both quotes), and a term
十五五 found in “十五五”时期 spans 十五五 (neither).

English: a rendering matches on word boundaries, case-insensitively, with a plural on its last
word allowed, and quotes ignored. A word boundary is never a hyphen between letters or digits:
"SARS" does not occur in "SARS-CoV-2". A rendering with capitals beyond its first letter (or
marked case-sensitive) must keep them: a match with other capitals is reported as a case error.
In an English source, an acronym (WHO, SARS: all capitals) matches only in capitals, since in
lower case it is another word ("patients who recovered"). A deprecated rendering matches
whatever its capitals ("International Jab Centre" with deprecated "jab"), but not inside an
accepted one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import ahocorasick_rs

from .model import Concept, Term
from .text import normalize_en_for_terms, normalize_zh_for_terms


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


@dataclass(frozen=True)
class RenderingHit:
    """An English rendering found in a target."""

    start: int
    end: int
    text: str
    term: Term
    case_ok: bool  # False: found, but with capitals the glossary does not allow


def has_inner_capitals(text: str) -> bool:
    """'Two Establishments' -> True; 'Chinese modernization', 'high-quality' -> False."""
    letters = [ch for ch in text if ch.isalpha()]
    return any(ch.isupper() for ch in letters[1:])


def is_acronym(text: str) -> bool:
    """'WHO', 'SARS', 'COVID-19': two letters or more, all capitals ('SARS-CoV' is not)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def is_case_sensitive(term: Term) -> bool:
    return term.case_sensitive if term.case_sensitive is not None else has_inner_capitals(
        term.text)


class EnglishView(NamedTuple):
    """An English text as renderings are matched against it (see :func:`english_view`)."""

    text: str  # normalised
    offsets: list[int]  # index in the original of each normalised character, and its length
    lower: str | None  # text.lower() when that keeps the length (for the substring pre-test)


class Rendering:
    """One English term compiled for matching."""

    def __init__(self, term: Term, *, exact_case: bool = False) -> None:
        self.term = term
        self.exact_case = exact_case  # only as written (acronyms in a source, see below)
        self.case_sensitive = exact_case or is_case_sensitive(term)
        norm, _ = normalize_en_for_terms(term.text)
        self.normalized = norm.replace('"', "").strip()
        # What any match contains, lower-cased: most renderings are absent from most texts,
        # and a substring test settles that without the regex (or compiling it at all).
        stem = self.normalized[:-1] if self.normalized.endswith("y") else self.normalized
        self.probe = stem.lower()
        self._pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            body = re.escape(self.normalized).replace(r"\ ", " ")
            if self.normalized and self.normalized[-1].isalpha():
                if self.normalized.endswith("y"):
                    body = body[:-1] + "(?:y|ies)"
                else:
                    body += "(?:s|es)?"
            # word boundaries; a hyphen joining letters or digits is no boundary
            self._pattern = re.compile(rf"(?<!\w)(?<!\w-){body}(?!\w)(?!-\w)",
                                       0 if self.exact_case else re.IGNORECASE)
        return self._pattern

    def _case_ok(self, found: str) -> bool:
        if not self.case_sensitive:
            return True
        want = self.normalized
        stem = found[: len(want)] if len(found) >= len(want) else found
        if stem[1:] != want[1:] and not (want.endswith("y") and stem[1:-1] == want[1:-1]):
            return False
        # The first letter may be capitalised (sentence start) but not lowered.
        return stem[:1] == want[:1] or (want[:1].islower() and stem[:1] == want[:1].upper())

    def find(self, text: str, view: EnglishView | None = None) -> list[RenderingHit]:
        """Where this rendering occurs in ``text`` (an English target)."""
        norm, offsets, lower = view or english_view(text)
        if lower is not None and self.probe not in lower:
            return []
        hits = []
        for m in self.pattern.finditer(norm):
            start, end = offsets[m.start()], offsets[m.end() - 1] + 1
            hits.append(RenderingHit(start, end, text[start:end], self.term,
                                     self._case_ok(m.group())))
        return hits


def english_view(text: str) -> EnglishView:
    """The normalised form renderings are matched against, with its offset map
    (double quotes dropped: “Two Establishments” matches Two Establishments)."""
    norm, offsets = normalize_en_for_terms(text)
    if '"' in norm:
        keep = [i for i, ch in enumerate(norm) if ch != '"']
        norm, offsets = "".join(norm[i] for i in keep), [offsets[i] for i in keep] + [
            offsets[-1]]
    lower = norm.lower()
    return EnglishView(norm, offsets, lower if len(lower) == len(norm) else None)


class EnglishScanner:
    """Finds many English renderings in a text without a loop over them: an Aho–Corasick
    automaton over their lower-cased probes proposes candidates, each rendering's own matcher
    (word boundaries, plurals, case rules) confirms."""

    def __init__(self, renderings: list[tuple[Concept, Rendering]]) -> None:
        self.renderings = renderings
        probes = sorted({r.probe for _, r in renderings if r.probe})
        self._by_probe: dict[str, list[int]] = {p: [] for p in probes}
        for index, (_, rendering) in enumerate(renderings):
            if rendering.probe:
                self._by_probe[rendering.probe].append(index)
        self._probes = probes
        self._automaton = ahocorasick_rs.AhoCorasick(probes) if probes else None

    def find_longest(self, text: str) -> list[list[tuple[Concept, RenderingHit]]]:
        """The renderings found in ``text``, longest match first: a rendering inside a longer
        one that matched ("respiratory disease" in "acute respiratory disease") does not count.
        Hits on one span are returned together (concepts that share a rendering), in text
        order, those matching with the glossary's own capitals first."""
        hits = sorted(self.find(text), key=lambda p: (-(p[1].end - p[1].start), p[1].start))
        kept: dict[tuple[int, int], list[tuple[Concept, RenderingHit]]] = {}
        for concept, hit in hits:
            span = (hit.start, hit.end)
            if span in kept or not any(s < hit.end and hit.start < e for s, e in kept):
                kept.setdefault(span, []).append((concept, hit))
        return [sorted(group, key=lambda p: p[1].text != p[1].term.text)
                for _, group in sorted(kept.items())]

    def find(self, text: str) -> list[tuple[Concept, RenderingHit]]:
        """Every rendering found in ``text``, in the order the renderings were given."""
        if self._automaton is None or not text:
            return []
        view = english_view(text)
        if view.lower is None:  # lower-casing changed the length: try every rendering
            candidates: Iterable[int] = range(len(self.renderings))
        else:
            found = {i for index, _, _ in self._automaton.find_matches_as_indexes(
                view.lower, overlapping=True) for i in self._by_probe[self._probes[index]]}
            candidates = sorted(found)
        return [(self.renderings[i][0], hit) for i in candidates
                for hit in self.renderings[i][1].find(text, view)]


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
        hits = []
        for index, start, end in self._automaton.find_matches_as_indexes(norm):
            o_start, o_end = quote_balanced(text, offsets[start], offsets[end - 1] + 1)
            for concept, term in self._payloads[index]:
                hits.append(TermHit(o_start, o_end, text[o_start:o_end], term, concept))
        return hits

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


def quote_balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``text[start:end]`` by the quote or title mark just outside it whose partner is
    inside it, so that a span holds both marks of a pair or neither."""
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
    for mark in _SYMMETRIC:
        if text.count(mark, start, end) % 2:
            if start > 0 and text[start - 1] == mark:
                start -= 1
            elif end < len(text) and text[end] == mark:
                end += 1
    return start, end

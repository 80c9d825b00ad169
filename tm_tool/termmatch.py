"""Finding glossary terms in text: Chinese terms in a source, English renderings in a target.

Shared by lookup (glossary hits for a query), term lookup and the terminology checks, so that
all three agree on what "the term occurs" means.

Chinese: one Aho–Corasick automaton (ahocorasick-rs, leftmost-longest) over the normalised terms
(quotes and title marks dropped, full-width folded, Traditional folded into Simplified), so a
sentence is scanned once whatever the size of the glossary, and a term inside a longer term that
also matched does not count on its own.

English: a rendering matches on word boundaries, case-insensitively, with a plural on its last
word allowed, and quotes ignored. A rendering with capitals beyond its first letter (or marked
case-sensitive) must keep them: a match with other capitals is reported as a case error. A
deprecated rendering matches only as the glossary writes it (case-sensitive).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

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


def is_case_sensitive(term: Term) -> bool:
    return term.case_sensitive if term.case_sensitive is not None else has_inner_capitals(
        term.text)


class Rendering:
    """One English term compiled for matching."""

    def __init__(self, term: Term, *, exact_case: bool = False) -> None:
        self.term = term
        self.exact_case = exact_case  # deprecated renderings: only as written
        self.case_sensitive = exact_case or is_case_sensitive(term)
        norm, _ = normalize_en_for_terms(term.text)
        self.normalized = norm.replace('"', "").strip()
        body = re.escape(self.normalized).replace(r"\ ", " ")
        if self.normalized and self.normalized[-1].isalpha():
            if self.normalized.endswith("y"):
                body = body[:-1] + "(?:y|ies)"
            else:
                body += "(?:s|es)?"
        self.pattern = re.compile(rf"(?<!\w){body}(?!\w)",
                                  0 if self.exact_case else re.IGNORECASE)

    def _case_ok(self, found: str) -> bool:
        if not self.case_sensitive:
            return True
        want = self.normalized
        stem = found[: len(want)] if len(found) >= len(want) else found
        if stem[1:] != want[1:] and not (want.endswith("y") and stem[1:-1] == want[1:-1]):
            return False
        # The first letter may be capitalised (sentence start) but not lowered.
        return stem[:1] == want[:1] or (want[:1].islower() and stem[:1] == want[:1].upper())

    def find(self, text: str, normalized: tuple[str, list[int]] | None = None
             ) -> list[RenderingHit]:
        """Where this rendering occurs in ``text`` (an English target)."""
        norm, offsets = normalized or english_view(text)
        hits = []
        for m in self.pattern.finditer(norm):
            start, end = offsets[m.start()], offsets[m.end() - 1] + 1
            hits.append(RenderingHit(start, end, text[start:end], self.term,
                                     self._case_ok(m.group())))
        return hits


def english_view(text: str) -> tuple[str, list[int]]:
    """The normalised form renderings are matched against, with its offset map
    (double quotes dropped: “Two Establishments” matches Two Establishments)."""
    norm, offsets = normalize_en_for_terms(text)
    keep = [i for i, ch in enumerate(norm) if ch != '"']
    if len(keep) == len(norm):
        return norm, offsets
    return "".join(norm[i] for i in keep), [offsets[i] for i in keep] + [offsets[-1]]


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
            o_start, o_end = offsets[start], offsets[end - 1] + 1
            for concept, term in self._payloads[index]:
                hits.append(TermHit(o_start, o_end, text[o_start:o_end], term, concept))
        return hits

    def renderings(self, concept: Concept) -> tuple[list[Rendering], list[Rendering]]:
        """(accepted, deprecated) English renderings of a concept, compiled once."""
        cached = self._renderings.get(id(concept))
        if cached is None:
            accepted = [Rendering(t) for t in concept.terms_in(self.tgt, ("preferred",
                                                                          "admitted"))]
            deprecated = [Rendering(t, exact_case=True)
                          for t in concept.terms_in(self.tgt, ("deprecated",))]
            cached = self._renderings[id(concept)] = (accepted, deprecated)
        return cached

    def judge(self, concept: Concept, target: str,
              view: tuple[str, list[int]] | None = None) -> Verdict:
        """Find the concept's accepted and deprecated renderings in ``target``.

        A deprecated rendering found inside an accepted one ("quality development" inside
        "high-quality development") is not counted: the translator used the accepted form.
        """
        view = view or english_view(target)
        accepted, deprecated = self.renderings(concept)
        hits = [h for r in accepted for h in r.find(target, view)]
        good = [h for h in hits if h.case_ok]
        bad_case = [h for h in hits if not h.case_ok]
        spans = [(h.start, h.end) for h in hits]
        forbidden = [
            h for r in deprecated for h in r.find(target, view)
            if not any(s <= h.start and h.end <= e and (s, e) != (h.start, h.end)
                       for s, e in spans)
        ]
        return Verdict(good, bad_case, forbidden)


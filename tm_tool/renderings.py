"""English renderings of glossary terms, found in English text.

A rendering matches on word boundaries, case-insensitively, with a plural on its last word
allowed, and quotes ignored. A word boundary is never a hyphen between letters or digits:
"SARS" does not occur in "SARS-CoV-2". A rendering with capitals beyond its first letter (or
marked case-sensitive) must keep them: a match with other capitals is reported as a case error.
In an English source, an acronym (WHO, SARS: all capitals) matches only in capitals, since in
lower case it is another word ("patients who recovered").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick_rs

from .model import Concept, Term
from .text import normalize_en_for_terms


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
    offsets: Sequence[int]  # index in the original of each normalised character, and its length
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
        # The endings the pattern allows after the stem, in the order it tries them.
        self._stem = stem if exact_case else stem.lower()
        self._endings = (("y", "ies") if self.normalized.endswith("y") else ("s", "es", "")
                         if self.normalized[-1:].isalpha() else ("",))
        self._literal = bool(stem) and self.normalized.isascii()

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
        if self._literal and lower is not None and norm.isascii():
            spans = self._literal_spans(norm, norm if self.exact_case else lower)
        else:
            spans = [m.span() for m in self.pattern.finditer(norm)]
        hits = []
        for m_start, m_end in spans:
            start, end = offsets[m_start], offsets[m_end - 1] + 1
            hits.append(RenderingHit(start, end, text[start:end], self.term,
                                     self._case_ok(norm[m_start:m_end])))
        return hits

    def _literal_spans(self, norm: str, searched: str) -> list[tuple[int, int]]:
        """What ``pattern.finditer(norm)`` finds, for ASCII text and rendering, by string
        search: compiling thousands of patterns cost more than matching them. ``searched`` is
        ``norm``, lower-cased unless the case must be exact."""
        spans = []
        stem, size = self._stem, len(self._stem)
        i = searched.find(stem)
        while i >= 0:
            end = -1
            if _boundary_before(norm, i):
                end = next((i + size + len(e) for e in self._endings
                            if searched.startswith(e, i + size)
                            and _boundary_after(norm, i + size + len(e))), -1)
            if end >= 0:
                spans.append((i, end))
            i = searched.find(stem, max(end, i + 1))
        return spans


def _is_word_char(ch: str) -> bool:  # \w, for ASCII
    return ch.isalnum() or ch == "_"


def _boundary_before(text: str, i: int) -> bool:
    r"""(?<!\w)(?<!\w-) at ``i``: no word before, nor a word and a hyphen."""
    return not (i and (_is_word_char(text[i - 1]) or (
        text[i - 1] == "-" and i > 1 and _is_word_char(text[i - 2]))))


def _boundary_after(text: str, i: int) -> bool:
    r"""(?!\w)(?!-\w) at ``i``."""
    return not (i < len(text) and (_is_word_char(text[i]) or (
        text[i] == "-" and i + 1 < len(text) and _is_word_char(text[i + 1]))))


_UNQUOTED = re.compile('[^"]+')


def english_view(text: str) -> EnglishView:
    """The normalised form renderings are matched against, with its offset map
    (double quotes dropped: “Two Establishments” matches Two Establishments)."""
    norm, offsets = normalize_en_for_terms(text)
    if '"' in norm:  # (by runs between the quotes: a loop over characters cost ~20 µs)
        kept: list[int] = []
        for m in _UNQUOTED.finditer(norm):
            kept += offsets[m.start():m.end()]
        norm, offsets = norm.replace('"', ""), [*kept, offsets[-1]]
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

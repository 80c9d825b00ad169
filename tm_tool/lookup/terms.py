"""Glossary lookup: the concepts whose terms occur in a text (``tm lookup``), and the entries
for a term asked for in either language (``tm term``)."""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from ..model import Concept, Term
from ..termmatch import EnglishScanner, Rendering, Termbase, is_case_sensitive
from ..text import QUOTE_CHARS, detect_lang, is_han, normalize_zh_for_terms
from . import termcache
from .results import MATCH_KINDS, GlossaryHit, TermLookupHit

if TYPE_CHECKING:
    from ..store import Store

_RANK = {kind: -n for n, kind in enumerate(MATCH_KINDS)}  # higher is better


class GlossaryLookup:
    """The glossary of one store, loaded when first asked for."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def loaded(self) -> GlossaryLookup:
        """This lookup with everything read from the store and built, so that other threads
        (with connections of their own) can share it: after this, nothing reads the store."""
        for name in ("concepts", "termbase", "_english_scanner", "_term_keys"):
            getattr(self, name)
        return self

    @cached_property
    def concepts(self) -> list[Concept]:
        return self.store.concepts()

    @cached_property
    def termbase(self) -> Termbase:
        termbase = Termbase(self.concepts)
        # The glossary's objects (~80,000 for 5,000 terms) live as long as the lookup; left
        # to the cyclic collector, each full collection walks them again (~30 ms, landing on
        # whatever query runs then: English concordance p95 7 → 25 ms at 1M). Freezing moves
        # what is alive now out of its scans; reference counting still frees them.
        gc.freeze()
        return termbase

    @cached_property
    def _english_scanner(self) -> EnglishScanner:
        return EnglishScanner([(c, Rendering(t, exact_case=t.status == "deprecated"))
                               for c in self.concepts for t in c.terms_in("en")])

    def hits(self, text: str, lang: str | None = None) -> list[GlossaryHit]:
        """Every concept whose term occurs in ``text`` (longest match wins)."""
        lang = lang or detect_lang(text)
        if lang == "zh":
            return [GlossaryHit(h.text, h.start, h.end, h.concept, "zh", "en", h.term)
                    for h in self.termbase.scan(text)]
        # (not EnglishScanner.find_longest: that keeps every concept of a span and prefers
        # the longest hit anywhere; here the leftmost hit wins and a span offers one concept)
        hits = [GlossaryHit(found.text, found.start, found.end, concept, "en", "zh",
                            found.term, found.case_ok)
                for concept, found in self._english_scanner.find(text)]
        # longest first; on one span, the term as the text writes it first
        hits.sort(key=lambda h: (h.start, -(h.end - h.start), not h.case_ok))
        kept: list[GlossaryHit] = []
        for hit in hits:  # longest match wins, as for Chinese
            if not any(k.start <= hit.start < k.end for k in kept):
                kept.append(hit)
        return kept

    @cached_property
    def _term_keys(self) -> list[tuple[str, Concept, Term]]:
        # (normalising every term is most of a start-up's work on a large glossary: the keys
        # are kept between processes, termcache.py)
        pairs = [(c, t) for c in self.concepts for t in c.terms]
        keys = termcache.keys([t.text for _, t in pairs],
                              lambda text: normalize_zh_for_terms(text)[0])
        return [(key, c, t) for key, (c, t) in zip(keys, pairs, strict=True)]

    def lookup(self, query: str, *, min_score: int | None = None, limit: int = 10
               ) -> list[TermLookupHit]:
        """Glossary entries for ``query`` in either language, best first (see
        :meth:`tm_tool.lookup.Lookup.terms`)."""
        key = normalize_zh_for_terms(query)[0]
        if not key:
            return []
        best = _BestPerConcept(min_score)
        is_part = _part_test(query, key)
        as_written = nfkc_cased(query)
        # (a prefix or a part of a term is inside its key: the substring test, done in C,
        # leaves a few candidates of the thousands of terms for the per-term rules)
        for term_key, concept, term in self._term_keys:
            if key not in term_key:
                continue
            share = round(100 * len(key) / len(term_key))
            if term_key == key:
                case_ok = not is_case_sensitive(term) or nfkc_cased(term.text) == as_written
                best.offer(TermLookupHit(concept, term, "exact", 100, case_ok))
            elif term_key.startswith(key):
                best.offer(TermLookupHit(concept, term, "prefix", share))
            elif is_part(term, term_key):
                best.offer(TermLookupHit(concept, term, "part", share))
        from rapidfuzz import fuzz, process  # (here: a concordance needs none of it)

        keys = [k for k, _, _ in self._term_keys]
        for _, value, index in process.extract(key, keys, scorer=fuzz.ratio,
                                               score_cutoff=70 if min_score is None
                                               else min_score, limit=limit * 3):
            _, concept, term = self._term_keys[index]
            best.offer(TermLookupHit(concept, term, "fuzzy", round(value)))
        return best.ranked(limit)


class _BestPerConcept:
    """The best hit of each concept: by kind of match, then score, then right capitals."""

    def __init__(self, min_score: int | None) -> None:
        self.min_score = min_score
        self.best: dict[str, TermLookupHit] = {}

    def offer(self, hit: TermLookupHit) -> None:
        if self.min_score is not None and hit.score < self.min_score:
            return
        old = self.best.get(hit.concept.key)
        if old is None or (_RANK[hit.match], hit.score, hit.case_ok) > (
                _RANK[old.match], old.score, old.case_ok):
            self.best[hit.concept.key] = hit

    def ranked(self, limit: int) -> list[TermLookupHit]:
        return sorted(self.best.values(), key=lambda h: (-_RANK[h.match], -h.score,
                                                         h.concept.key))[:limit]


def _part_test(query: str, key: str) -> Callable[[Term, str], bool]:
    """Whether a term (with its key) contains the query: Chinese anywhere in the key; English
    as whole words of the term as written (the key drops the spaces)."""
    if any(map(is_han, key)):
        return lambda term, term_key: key in term_key
    words = re.compile(rf"(?<!\w){re.escape(' '.join(query.lower().split()))}(?!\w)")
    return lambda term, term_key: bool(words.search(term.text.lower()))


def nfkc_cased(text: str) -> str:
    """A term as compared for its capitals: NFKC, quotes and spaces as the term keys drop
    them, case kept."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text)
                   if ch not in QUOTE_CHARS and not ch.isspace())

"""Lookup for translators: TM matches, concordance, glossary terms.

Library API (the ``tm lookup``/``concordance``/``term`` commands are thin layers over it)::

    from tm_tool.lookup import Lookup
    lookup = Lookup(store)
    lookup.matches("坚决做到两个维护", min_score=70, limit=5)
    lookup.sentence_matches("第一句。第二句。")  # [(sentence, its matches), …]
    lookup.concordance("两个", side="both", limit=50)
    lookup.concordance("develop", options=SearchOptions(substring=True))
    lookup.terms("兩個確立")

One module per query mode: ``matches`` (TM matches; their order and which are shown:
``ranking``), ``concordance`` (with ``textsearch``/``patternsearch`` for substrings, regexes
and capitals), ``terms`` (glossary hits and term lookup); ``results`` holds what they answer.
Lookup reads the index through :class:`tm_tool.index.Postings` and the segments through the
store's methods (no SQL here).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ..index.reader import Postings
from ..model import Concept
from ..termmatch import Termbase
from ..text import detect_lang
from .concordance import PLAIN, SIDES, ConcordanceSearch, SearchOptions, highlight
from .results import (
    MATCH_KINDS,
    Concordance,
    ConcordanceHit,
    GlossaryHit,
    Match,
    TermIssue,
    TermLookupHit,
    term_status,
)
from .terms import GlossaryLookup, nfkc_cased

if TYPE_CHECKING:
    from ..store import Store
    from ..store.segments import SegmentFilter
    from .matches import TmMatches

__all__ = ["MATCH_KINDS", "SIDES", "Concordance", "ConcordanceHit", "GlossaryHit",
           "GlossaryLookup", "Lookup", "Match", "SearchOptions", "TermIssue", "TermLookupHit",
           "highlight", "nfkc_cased", "term_status"]


class Lookup:
    def __init__(self, store: Store, *, postings: Postings | None = None,
                 glossary: GlossaryLookup | None = None) -> None:
        """``postings``: the index reader to use (e.g. one that caches, for a batch);
        ``glossary``: a loaded glossary to share (:meth:`GlossaryLookup.loaded`), where the
        glossary has not changed since (the server's threads after an import)."""
        self.store = store
        self.postings = store.postings() if postings is None else postings
        self._glossary = GlossaryLookup(store) if glossary is None else glossary
        self._concordance = ConcordanceSearch(store, self.postings)

    @cached_property
    def _matches(self) -> TmMatches:
        # (made when first asked: a concordance or a term lookup needs neither the fuzzy
        # matcher nor rapidfuzz, whose imports are a tenth of their start-up)
        from .matches import TmMatches

        return TmMatches(self.store, self.postings, self._term_issues)

    # --- glossary ----------------------------------------------------------------------

    @property
    def glossary(self) -> GlossaryLookup:
        return self._glossary

    @property
    def concepts(self) -> list[Concept]:
        return self._glossary.concepts

    @property
    def termbase(self) -> Termbase:
        return self._glossary.termbase

    def glossary_hits(self, text: str, lang: str | None = None) -> list[GlossaryHit]:
        """Every concept whose term occurs in ``text`` (longest match wins)."""
        return self._glossary.hits(text, lang)

    def terms(self, query: str, *, min_score: int | None = None, limit: int = 10
              ) -> list[TermLookupHit]:
        """Glossary entries for ``query`` in either language, best first: exact, prefix (the
        query starts a term), part (a term contains the query: 湾区 finds 粤港澳大湾区; English
        on word boundaries), then fuzzy. Traditional characters, full-width forms and quote
        styles do not matter; capitals do not either, but a case-sensitive term written with
        other capitals is marked (``case_ok``). Prefix and part matches score the share of
        the term the query covers. ``min_score`` applies to every kind; without it, fuzzy
        matches start at 70 and prefix and part matches are all shown."""
        return self._glossary.lookup(query, min_score=min_score, limit=limit)

    def _term_issues(self, source: str, target: str) -> list[TermIssue]:
        """The glossary concepts a zh→en match's target renders wrongly (ranking.py)."""
        if not self._glossary.concepts:
            return []
        from .ranking import term_issues

        return term_issues(self._glossary.termbase, source, target)

    # --- TM matches --------------------------------------------------------------------

    def answer(self, query: str, *, min_score: int = 70, limit: int = 5,
               where: SegmentFilter | None = None) -> dict:
        """A query's matches and glossary terms, and, for a query of several sentences, each
        sentence's (``sentences``; empty for one sentence): what ``tm lookup --json`` prints
        and the server's ``/lookup`` answers."""
        def one(text: str, key: str) -> dict:
            lang = detect_lang(text)
            found = self.matches(text, min_score=min_score, limit=limit, where=where)
            return {key: text, "lang": lang, "matches": [m.as_dict() for m in found],
                    "terms": [h.as_dict() for h in self.glossary_hits(text, lang)]}

        from .sentences import split_sentences

        sentences = split_sentences(query)
        answer = one(query, "query")
        answer["sentences"] = ([one(s, "sentence") for s in sentences] if len(sentences) > 1
                               else [])
        return answer

    def matches(self, query: str, *, min_score: int = 70, limit: int = 5,
                where: SegmentFilter | None = None) -> list[Match]:
        """Exact and fuzzy matches for ``query``, best first: by score (a match breaking the
        glossary ranks 5.5 lower), then status, then newest; identical segments once (see
        ranking.py); only segments ``where`` lets through (origin, status, since)."""
        return self._matches.find(query, min_score=min_score, limit=limit, where=where)

    def sentence_matches(self, query: str, *, min_score: int = 70, limit: int = 5,
                         where: SegmentFilter | None = None) -> list[tuple[str, list[Match]]]:
        """(sentence, its matches) for each sentence of ``query`` (one for a single one)."""
        from .sentences import split_sentences

        return [(sentence, self.matches(sentence, min_score=min_score, limit=limit,
                                        where=where))
                for sentence in split_sentences(query)]

    # --- concordance -------------------------------------------------------------------

    def concordance(self, phrase: str, *, side: str = "both", limit: int = 50,
                    offset: int = 0, options: SearchOptions = PLAIN) -> Concordance:
        """Segments containing ``phrase``: by default as whole words, case-insensitive,
        width- and script-folded; ``options`` for substrings of English words, a regular
        expression, capitals as written, and the segment filter."""
        return self._concordance.find(phrase, side=side, limit=limit, offset=offset,
                                      options=options)

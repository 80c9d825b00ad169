"""Lookup for translators: TM matches, concordance, glossary terms.

Library API (the ``tm lookup``/``concordance``/``term`` commands are thin layers over it)::

    from tm_tool.lookup import Lookup
    lookup = Lookup(store)
    lookup.matches("坚决做到两个维护", min_score=70, limit=5)
    lookup.concordance("两个", side="both", limit=50)
    lookup.terms("兩個確立")

One module per query mode: ``matches`` (TM matches), ``concordance``, ``terms`` (glossary hits
and term lookup); ``results`` holds what they answer. Lookup reads the index through
:class:`tm_tool.index.Postings` and the segments through the store's methods (no SQL here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..index.reader import Postings
from ..model import Concept
from ..termmatch import Termbase
from .concordance import SEP, SIDES, ConcordanceSearch, highlight
from .matches import TmMatches
from .results import (
    MATCH_KINDS,
    Concordance,
    ConcordanceHit,
    GlossaryHit,
    Match,
    TermLookupHit,
    term_status,
)
from .terms import GlossaryLookup, nfkc_cased

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["MATCH_KINDS", "SEP", "SIDES", "Concordance", "ConcordanceHit", "GlossaryHit",
           "Lookup", "Match", "TermLookupHit", "highlight", "nfkc_cased", "term_status"]


class Lookup:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.postings = Postings(store.conn)
        self._glossary = GlossaryLookup(store)
        self._matches = TmMatches(store, self.postings)
        self._concordance = ConcordanceSearch(store, self.postings)

    # --- glossary ----------------------------------------------------------------------

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

    # --- TM matches --------------------------------------------------------------------

    def matches(self, query: str, *, min_score: int = 70, limit: int = 5) -> list[Match]:
        """Exact and fuzzy matches for ``query``, best first."""
        return self._matches.find(query, min_score=min_score, limit=limit)

    # --- concordance -------------------------------------------------------------------

    def concordance(self, phrase: str, *, side: str = "both", limit: int = 50,
                    offset: int = 0) -> Concordance:
        """Segments containing ``phrase`` (case-insensitive, width- and script-folded)."""
        return self._concordance.find(phrase, side=side, limit=limit, offset=offset)

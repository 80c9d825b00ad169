"""TM matches: the stored segments most like a query, exact first, then fuzzy (candidates from
the index, see fuzzy.py; scores, see scoring.py; the order and what is shown, ranking.py)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .. import langtags
from ..index.keys import Side
from ..index.reader import Postings
from ..model import Segment
from ..store.segments import SegmentFilter
from ..text import detect_lang
from . import fuzzy, ranking
from .diff import diff
from .results import Match

if TYPE_CHECKING:
    from ..store import Store



class TmMatches:
    """Finds matches in the segments of one store."""

    def __init__(self, store: Store, postings: Postings,
                 term_checker: ranking.TermChecker | None = None) -> None:
        self.store = store
        self.postings = postings
        self.term_checker = term_checker  # (zh source, en target) -> term issues

    @cached_property
    def _languages(self) -> list[tuple[str, str]]:
        return self.store.languages()

    def _sides_for(self, lang: str) -> list[Side]:
        """The sides of the stored segments that are written in ``lang``."""
        found: dict[Side, None] = {}
        for pair in self._languages:
            for side in Side:
                if langtags.primary(pair[side]) == lang:
                    found[side] = None
        return list(found)

    def find(self, query: str, *, min_score: int = 70, limit: int = 5,
             where: SegmentFilter | None = None) -> list[Match]:
        """Exact and fuzzy matches for ``query``, best first (ranking.py says in what order),
        among the segments ``where`` lets through (origin, status, since)."""
        query = query.strip()
        if not query:
            return []
        lang = detect_lang(query)
        found: list[Match] = []
        for side in self._sides_for(lang):
            found += self._matches_on(side, query, lang, min_score, limit, where)
        shown = ranking.ranked(found, limit)
        for match in shown:  # (only for those shown: a diff costs more than a score)
            match.diff = diff(query, match.source) if match.score < 100 else []
        return shown

    def _matches_on(self, side: Side, query: str, lang: str, min_score: int, limit: int,
                    where: SegmentFilter | None) -> list[Match]:
        """Enough of the best matches whose ``side`` is in the query's language for
        ranking.ranked to pick the ``limit`` best: read in batches, best score first, until no
        later one could enter (so all of a score, as identical segments are, are read
        together)."""
        found_ids = fuzzy.candidates(self.postings, query, side, min_score,
                                     lambda ids: self._all_texts(ids, side))
        scored = fuzzy.BestFirst(query, found_ids, lambda ids: self._side_texts(ids, side, lang),
                                 min_score)
        found: list[Match] = []
        while batch := scored.take(limit * 4):
            segments = self.store.get_segments([seg_id for seg_id, _ in batch])
            for seg_id, value in batch:
                match = self._match(segments[seg_id], side, value, where)
                if match is not None:
                    found.append(match)
            if ranking.enough(found, limit, scored.bound()):
                break
        return found

    def _match(self, seg: Segment, side: Side, value: int, where: SegmentFilter | None
               ) -> Match | None:
        """The segment as a match, or None: filtered out, or untranslated (an empty target,
        kept by ``import --keep-untranslated``, offers nothing)."""
        if where is not None and not _passes(seg, where):
            return None
        src, tgt, src_lang, tgt_lang = _turned(seg, side)
        if not tgt.strip() or not src.strip():
            return None
        issues = []
        if self.term_checker is not None and (langtags.primary(src_lang), langtags.primary(
                tgt_lang)) == ("zh", "en"):
            issues = self.term_checker(src, tgt)
        assert seg.id is not None
        return Match(value, src, tgt, src_lang, tgt_lang, seg.origin, seg.position, seg.id,
                     seg.status, seg.changed_at, term_issues=issues)

    def _all_texts(self, ids: list[int], side: Side) -> dict[int, str]:
        """id -> text of one side, whatever its language."""
        return {seg_id: text for seg_id, text, _ in self.store.texts(ids, side.column)}

    def _side_texts(self, ids: list[int], side: Side, lang: str) -> dict[int, str]:
        """id -> text of one side, for segments whose language on that side is ``lang``."""
        return {seg_id: text for seg_id, text, tag in self.store.texts(ids, side.column)
                if langtags.primary(tag) == lang}


def _turned(seg: Segment, side: Side) -> tuple[str, str, str, str]:
    """(text, translation, their languages) of a segment, ``side`` first."""
    if side is Side.SOURCE:
        return seg.source, seg.target, seg.source_lang, seg.target_lang
    return seg.target, seg.source, seg.target_lang, seg.source_lang


def _passes(seg: Segment, where: SegmentFilter) -> bool:
    """Whether a segment passes a filter's origin, status and since (its languages are the
    query's business)."""
    return ((not where.origin or seg.origin == where.origin)
            and (not where.status or seg.status == where.status)
            and (not where.since or (seg.changed_at or "") >= where.since))

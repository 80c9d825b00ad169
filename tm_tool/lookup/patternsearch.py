"""Concordance by a pattern (textsearch.py): the candidates' texts read and matched.

Also the segment filter of concordance (``--origin``, ``--status``): the store's
:class:`SegmentFilter` applied to candidate ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..index import idsets
from ..index.idsets import IdList
from ..index.keys import Side, query_grams, tokens
from ..index.reader import Postings
from .results import Concordance, ConcordanceHit, side_text
from .textsearch import TextPattern, spans

if TYPE_CHECKING:
    from ..store import Store
    from ..store.segments import SegmentFilter

_CHUNK = 500  # ids per read (SQLite's limit on parameters is far above)


def passing(store: Store, ids: IdList, where: SegmentFilter) -> IdList:
    """The ids (sorted) of those segments that pass the filter."""
    kept = [seg.id for start in range(0, len(ids), _CHUNK)
            for seg in store.iter_segments(where, ids=ids[start:start + _CHUNK].tolist(),
                                           document_order=False)]
    return idsets.of_sorted(sorted(kept))  # type: ignore[type-var]


class PatternSearch:
    """One concordance search by a pattern in the segments of a store."""

    def __init__(self, store: Store, postings: Postings, where: SegmentFilter | None) -> None:
        self.store = store
        self.postings = postings
        self.where = where

    def find(self, phrase: str, pattern: TextPattern, sides: tuple[Side, ...], limit: int,
             offset: int) -> Concordance:
        per_side = {s: self._matching(pattern, s) for s in sides}
        arrays = list(per_side.values())
        ordered = idsets.union(arrays)
        page = ordered[offset:offset + limit].tolist()
        segments = self.store.get_segments(page)
        hits = []
        for seg_id in page:
            seg = segments[seg_id]
            where = next(s for s in sides if idsets.holds(per_side[s], seg_id))
            hits.append(ConcordanceHit(seg, where.column,
                                       spans(pattern.regex, side_text(seg, where))))
        return Concordance(phrase, len(ordered), hits)

    def _matching(self, pattern: TextPattern, side: Side) -> IdList:
        """The ids (sorted) of the segments whose ``side`` the pattern matches."""
        search = pattern.regex.search
        kept = [seg_id for seg_id, text in self._texts(pattern, side) if search(text)]
        return idsets.of_sorted(sorted(kept))

    def _texts(self, pattern: TextPattern, side: Side) -> Iterator[tuple[int, str]]:
        """(id, text of ``side``) of every candidate: the index's hits for the pattern's
        phrase, or every segment; only those passing the filter."""
        ids = self._candidates(pattern.index_phrase, side)
        if self.where is not None:
            chunks = ([None] if ids is None else
                      [ids[i:i + _CHUNK].tolist() for i in range(0, len(ids), _CHUNK)])
            for chunk in chunks:
                for seg in self.store.iter_segments(self.where, ids=chunk,
                                                    document_order=False):
                    assert seg.id is not None
                    yield seg.id, side_text(seg, side)
            return
        wanted = (range(1, self.postings.max_id + 1) if ids is None else ids.tolist())
        for seg_id, text, _ in self.store.texts(wanted, side.column):  # type: ignore[arg-type]
            yield seg_id, text

    def _candidates(self, phrase: str | None, side: Side) -> IdList | None:
        """Ids whose ``side`` holds every token of ``phrase`` by the index (a superset of the
        texts holding it as written); None: no phrase, every segment is a candidate."""
        if phrase is None or not (toks := tokens(phrase)):
            return None
        keys, pairs = query_grams(" ".join(toks))
        lists = sorted(self.postings.ids_of_all(side, sorted(set(pairs or keys))), key=len)
        ids = lists[0]
        for more in lists[1:]:
            ids = idsets.intersection(ids, more)
        return ids


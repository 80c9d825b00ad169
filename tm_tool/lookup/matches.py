"""TM matches: the stored segments most like a query, exact first, then fuzzy (candidates from
the index, see fuzzy.py; scores, see scoring.py)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .. import langtags
from ..index.keys import Side
from ..index.reader import Postings
from ..model import Segment
from ..text import detect_lang
from . import fuzzy
from .diff import diff
from .results import Match

if TYPE_CHECKING:
    from ..store import Store

_TRUSTED = {"approved": 0, "reviewed": 1, "translated": 2}  # then any other status


class TmMatches:
    """Finds matches in the segments of one store."""

    def __init__(self, store: Store, postings: Postings) -> None:
        self.store = store
        self.postings = postings

    @cached_property
    def _language_pairs(self) -> list[dict]:
        return self.store.language_pairs()

    def _sides_for(self, lang: str) -> list[Side]:
        """The sides of the stored segments that are written in ``lang``."""
        found: dict[Side, None] = {}  # (in the order the language pairs show them)
        for pair in self._language_pairs:
            for side in Side:
                if langtags.primary(pair[side.column]) == lang:
                    found[side] = None
        return list(found)

    def find(self, query: str, *, min_score: int = 70, limit: int = 5) -> list[Match]:
        """Exact and fuzzy matches for ``query``, best first."""
        query = query.strip()
        if not query:
            return []
        lang = detect_lang(query)
        found: list[Match] = []
        for side in self._sides_for(lang):
            found += self._matches_on(side, query, lang, min_score, limit)
        found.sort(key=lambda m: (-m.score, _TRUSTED.get(m.status, 3),
                                  -(_stamp(m.changed_at)), m.segment_id))
        return found[:limit]

    def _matches_on(self, side: Side, query: str, lang: str, min_score: int, limit: int
                    ) -> list[Match]:
        """The best matches whose ``side`` is in the query's language."""
        ids = fuzzy.candidates(self.postings, query, side, min_score)
        texts = self._side_texts(ids, side, lang)  # only the text: candidates are many
        ranked = fuzzy.rank(query, texts, min_score)[: limit * 4]
        segments = self.store.get_segments([seg_id for seg_id, _ in ranked])
        found = []
        for seg_id, value in ranked:
            seg = segments[seg_id]
            src, tgt, src_lang, tgt_lang = _turned(seg, side)
            if not tgt.strip():
                continue  # an untranslated unit (--keep-untranslated) offers nothing
            found.append(Match(value, src, tgt, src_lang, tgt_lang, seg.origin,
                               seg.position, seg_id, seg.status, seg.changed_at,
                               diff(query, src) if value < 100 else []))
        return found

    def _side_texts(self, ids: list[int], side: Side, lang: str) -> dict[int, str]:
        """id -> text of one side, for segments whose language on that side is ``lang``."""
        return {seg_id: text for seg_id, text, tag in self.store.texts(ids, side.column)
                if langtags.primary(tag) == lang}


def _turned(seg: Segment, side: Side) -> tuple[str, str, str, str]:
    """(text, translation, their languages) of a segment, ``side`` first."""
    if side is Side.SOURCE:
        return seg.source, seg.target, seg.source_lang, seg.target_lang
    return seg.target, seg.source, seg.target_lang, seg.source_lang


def _stamp(value: str | None) -> float:
    if not value:
        return 0.0
    digits = "".join(ch for ch in value if ch.isdigit())
    return float(digits or 0)

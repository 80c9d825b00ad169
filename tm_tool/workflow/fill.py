"""Choosing what fills a target: the best TM match for its source, repaired when it can be
(repair.py), for many sources at once.

An identical stored source is found through the store's source key first (one indexed
query), so exact matches never pay for a fuzzy search; among several, the most trusted status
wins, then the newest (lookup/ranking.trust_key, as lookup ranks equal scores). Every
other source goes to :meth:`tm_tool.lookup.Lookup.matches`. A file's repeated sources are
looked up once. On a large file the lookups run in forked worker processes (parallel.py), each
with its own connection to the database.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .. import langtags
from ..formats.patch_base import Fill
from ..lookup import Lookup, Match
from ..lookup.ranking import trust_key
from ..parallel import ForkPool, PerProcess, map_in_order, plan
from ..store import Store
from ..text import match_key
from .repair import Repairer

BATCH = 200  # sources per worker call
PARALLEL_AFTER = 2 * BATCH  # a file with fewer sources to look up stays in this process


@dataclass(frozen=True)
class FillSettings:
    min_score: int
    source_lang: str | None
    target_lang: str | None


def _fill(match: Match, text: str, kind: str, changes: list[tuple[str, str]]) -> Fill:
    return Fill(text=text, kind=kind, score=100 if kind != "fuzzy" else match.score,
                match_score=match.score, origin=match.origin, match_source=match.source,
                match_target=match.target, changes=changes, lang=match.target_lang)


class Filler:
    """Chooses the fill of one source text."""

    def __init__(self, store: Store, settings: FillSettings) -> None:
        self.store, self.settings = store, settings
        self.lookup = Lookup(store)
        self.target_lang = langtags.primary(settings.target_lang) if settings.target_lang \
            else None
        self._repairers: dict[tuple[str, str], Repairer] = {}

    def _wanted(self, lang: str) -> bool:
        return self.target_lang is None or langtags.primary(lang) == self.target_lang

    def _repairer(self, match: Match) -> Repairer:
        key = (langtags.primary(match.source_lang), langtags.primary(match.target_lang))
        if key not in self._repairers:
            termbase = self.lookup.termbase if key == ("zh", "en") else None
            self._repairers[key] = Repairer(termbase, *key)
        return self._repairers[key]

    def exact(self, source: str) -> Fill | None:
        """An identical stored source (NFC, trimmed), through the source key."""
        wanted = unicodedata.normalize("NFC", source.strip())
        same = [s for s in self.store.segments_with_source_key(match_key(wanted))
                if s.source.strip() == wanted and s.target.strip() and self._wanted(s.target_lang)]
        if not same:
            return None
        best = min(same, key=lambda s: trust_key(s.status, s.changed_at, s.id))
        return Fill(text=best.target, kind="exact", score=100, match_score=100,
                    origin=best.origin, match_source=best.source, match_target=best.target,
                    lang=best.target_lang)

    def fill(self, source: str) -> Fill | None:
        if not source.strip():
            return None
        found = self.exact(source)
        if found is not None:
            return found
        matches = [m for m in self.lookup.matches(source, min_score=self.settings.min_score,
                                                  limit=5) if self._wanted(m.target_lang)]
        if not matches:
            return None
        if matches[0].score == 100:
            return _fill(matches[0], matches[0].target, "exact", [])
        for match in matches:
            repaired = self._repairer(match).repair(source.strip(), match.source, match.target)
            if repaired is not None:
                return _fill(match, repaired.text, "repaired", repaired.changes)
        return _fill(matches[0], matches[0].target, "fuzzy", [])


def _fill_batch(fillers: PerProcess[Filler], sources: list[str]) -> list[Fill | None]:
    filler = fillers.get()
    return [filler.fill(s) for s in sources]


def fill_all(store: Store, settings: FillSettings, sources: list[str],
             progress=None) -> dict[str, Fill | None]:
    """The fill of every distinct source, looked up once each."""
    distinct = list(dict.fromkeys(s for s in sources if s.strip()))
    path = store.path
    # (in a worker: its own connection, opened once)
    fillers = PerProcess(lambda: Filler(Store.open(Path(path)), settings),
                         mine=Filler(store, settings))
    batches = [distinct[start:start + BATCH] for start in range(0, len(distinct), BATCH)]
    found: dict[str, Fill | None] = {}
    with ForkPool(plan(PARALLEL_AFTER, most=None), fillers) as pool:
        for batch, fills in zip(batches, map_in_order(pool, _fill_batch, fillers, batches, 8),
                                strict=True):
            found.update(zip(batch, fills, strict=True))
            if progress:
                progress(len(found))
    return found

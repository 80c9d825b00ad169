"""Choosing what fills a target: the best TM match for its source, repaired when it can be
(repair.py), for many sources at once.

An identical stored source is found through the store's source key first (one indexed
query), so exact matches never pay for a fuzzy search; among several, the most trusted status
wins (model.SEGMENT_STATUSES' order), then the newest, as lookup ranks equal scores. Every
other source goes to :meth:`tm_tool.lookup.Lookup.matches`. A file's repeated sources are
looked up once. On a large file the lookups run in forked worker processes (parallel.py), each
with its own connection to the database.
"""

from __future__ import annotations

import os
import unicodedata
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from .. import langtags
from ..formats.patch_base import Fill
from ..lookup import Lookup, Match
from ..model import SEGMENT_STATUSES, Segment
from ..parallel import ForkPool, Inherited, beyond, plan
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


def _trust(seg: Segment) -> tuple[int, str]:
    rank = SEGMENT_STATUSES.index(seg.status) if seg.status in SEGMENT_STATUSES else -1
    return (rank if seg.status != "rejected" else -2, seg.changed_at or "")


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
        best = max(same, key=_trust)
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


class _Shared(Inherited):
    """What a worker needs: the database's path and the settings; its Filler is its own."""

    def __init__(self, db_path: str, settings: FillSettings) -> None:
        self.db_path, self.settings = db_path, settings
        self.fillers: dict[int, Filler] = {}  # by process id: a connection is never shared

    def filler(self) -> Filler:
        pid = os.getpid()
        if pid not in self.fillers:  # in a worker: its own connection, opened once
            self.fillers[pid] = Filler(Store.open(Path(self.db_path)), self.settings)
        return self.fillers[pid]


def _fill_batch(shared: _Shared, sources: list[str]) -> list[Fill | None]:
    filler = shared.filler()
    return [filler.fill(s) for s in sources]


def fill_all(store: Store, settings: FillSettings, sources: list[str],
             progress=None) -> dict[str, Fill | None]:
    """The fill of every distinct source, looked up once each."""
    distinct = list(dict.fromkeys(s for s in sources if s.strip()))
    shared = _Shared(store.path, settings)
    shared.fillers[os.getpid()] = Filler(store, settings)  # this process's, until the fork
    found: dict[str, Fill | None] = {}
    pending: deque[tuple[list[str], Future]] = deque()
    with ForkPool(plan(PARALLEL_AFTER, most=None), shared) as pool:
        for start in range(0, len(distinct), BATCH):
            batch = distinct[start:start + BATCH]
            pool.tick(len(batch))
            pending.append((batch, pool.submit(_fill_batch, shared, batch)))
            for done, future in beyond(pending, 8):
                found.update(zip(done, future.result(), strict=True))
                if progress:
                    progress(len(found))
        for done, future in pending:
            found.update(zip(done, future.result(), strict=True))
    return found

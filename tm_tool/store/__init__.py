"""The SQLite store: segments, their origins, and the glossary.

Library-first: everything the ``tm`` command does with the database is a method here, so tests
and other programs can call it directly::

    from tm_tool.store import Store
    with Store.open("tm.db", create=True) as store, store.transaction():
        store.import_segments(segments, origin="plenary")

:class:`Store` is a façade over one module per job: the file, its schema and its transactions
(``db.py``, ``connection.py``, ``schema.py``), segment queries (``segments.py``, with
:class:`SegmentFilter`), the glossary and its history (``glossary.py``, ``history.py``),
statistics (``stats.py``). What the rest of tm_tool may call is written down as a Protocol in
``interface.py``, for a second backend to implement.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import UsageError
from ..glossary_changes import Change
from ..index.reader import Postings
from ..index.writer import SegmentIndex
from ..model import Concept, Segment
from . import connection, schema
from . import glossary as _glossary
from . import importing as _importing
from . import maintenance as _maintenance
from . import segment_history as _segment_history
from . import segments as _segments
from . import updating as _updating
from .db import Database
from .history import HistoryEntry
from .importing import Importer  # (re-exported)
from .ingest import (
    BATCH,
    key_hash,
)
from .interface import TranslationMemory
from .maintenance import ALL_SEGMENTS, DuplicateGroup, Selection
from .segment_history import SegmentChange, SegmentHistoryEntry
from .segments import SegmentFilter
from .stats import stats as _stats
from .updating import SourceUpdater, UpdateCounts

__all__ = ["DuplicateGroup", "ImportResult", "Importer", "SegmentChange", "SegmentFilter",
           "SegmentHistoryEntry", "Selection", "SourceUpdater", "Store", "TranslationMemory",
           "UpdateCounts", "connection", "key_hash", "schema"]


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class ImportResult:
    read: int = 0  # units (or concepts) the readers delivered
    added: int = 0  # new segments (or terms) stored
    duplicates: int = 0  # segments (or terms) already stored
    updated: int = 0  # stored segments whose target an import --update replaced

    def as_dict(self) -> dict[str, int]:
        return {"read": self.read, "added": self.added, "duplicates": self.duplicates,
                "updated": self.updated}


class Store(Database):
    """A tm_tool database (SQLite): the first implementation of :class:`TranslationMemory`.
    Open with :meth:`open`; use as a context manager to close it."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        super().__init__(conn, path)
        self.index = SegmentIndex(conn)

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False, migrate: bool | None = None
             ) -> Store:
        """Open the database at ``path`` (see Database.open); a ``postgresql://`` address
        opens the PostgreSQL store (store/postgres/) instead."""
        if str(path).startswith(("postgresql:/", "postgres:/")):
            from .postgres import PostgresStore

            return PostgresStore.open(path, create=create, migrate=migrate)
        return super().open(path, create=create, migrate=migrate)

    def postings(self, *, cache_bytes: int = 0) -> Postings:
        """The search index's reader (what lookups read the postings and lengths through),
        keeping up to ``cache_bytes`` of postings read (a batch of lookups). The database is
        read through a memory map from then on (connection.map_for_random_reads)."""
        connection.map_for_random_reads(self.conn)
        return Postings(self.conn, cache_bytes=cache_bytes)

    # --- segments ----------------------------------------------------------------------------

    def import_segments(
        self,
        segments: Iterable[Segment],
        *,
        origin: str | None = None,
        origin_path: str | None = None,
        fmt: str | None = None,
        progress: Callable[[int], None] | None = None,
        batch_size: int = BATCH,
    ) -> ImportResult:
        """Store segments; those already stored (same languages, origin, position and texts)
        are left alone. ``origin`` names the document for segments that do not name their
        own. Runs in one transaction (or joins the caller's)."""
        return _importing.import_segments(self, segments, origin=origin,
                                          origin_path=origin_path, fmt=fmt, progress=progress,
                                          batch_size=batch_size)

    def importing(self, *, batch_size: int = BATCH) -> contextlib.AbstractContextManager[Importer]:
        """One import of any number of documents (``importer.add`` each), in one transaction
        (see store/importing.py)."""
        return _importing.importing(self, batch_size=batch_size)

    def iter_segments(self, matching: SegmentFilter | None = None, *,
                      ids: Iterable[int] | None = None, chunk: int = 2000,
                      document_order: bool = True, **filters: str | None) -> Iterator[Segment]:
        """Stored segments ``matching`` a filter (or the filter's fields as keywords: origin,
        since, status, src, tgt), in document order (origin, position, id), streamed; or in id
        order (``document_order=False``: a sequential read, ~3x faster on a large TM)."""
        return _segments.iter_segments(self.conn, _filter(matching, filters), ids=ids,
                                       chunk=chunk, document_order=document_order)

    def count_segments(self, matching: SegmentFilter | None = None, **filters: str | None
                       ) -> int:
        """How many stored segments match (as :meth:`iter_segments`)."""
        return _segments.count_segments(self.conn, _filter(matching, filters))

    def get_segments(self, ids: Iterable[int]) -> dict[int, Segment]:
        """id → segment, for those of ``ids`` that are stored."""
        return _segments.get_segments(self.conn, ids)

    def texts(self, ids: Sequence[int], side: str) -> Iterator[tuple[int, str, str]]:
        """(id, text, language tag) of one side ("source"/"target") of the segments among
        ``ids``, read ≤ 900 ids at a time, in no particular order."""
        return _segments.texts(self.conn, ids, side)

    def segments_with_source_key(self, key: str) -> list[Segment]:
        """Segments whose normalised source equals ``key`` (a text.match_key)."""
        return _segments.segments_with_source_key(self.conn, key)

    def conflicting_segments(self) -> Iterator[tuple[Segment, int, int]]:
        """The segments a consistency check has to compare, with their source and target key
        hashes: those whose source has more than one translation, or whose translation has
        more than one source (by key hash, so a few more may come: the check decides)."""
        return _segments.conflicting_segments(self.conn)

    def conflicting_keys(self) -> Iterator[tuple[int, int, int]]:
        """(id, source key hash, target key hash) of the segments
        :meth:`conflicting_segments` gives, without their texts, in id order, streamed."""
        return _segments.conflicting_keys(self.conn)

    def id_ranges(self, size: int) -> Iterator[tuple[int, int, int]]:
        """(first id, last id, rows) of consecutive runs of ``size`` segments, covering all."""
        return _segments.id_ranges(self.conn, size)

    def segments_between(self, first: int, last: int) -> Iterator[Segment]:
        """The segments with ids ``first`` to ``last`` (both included), in id order."""
        return _segments.segments_between(self.conn, first, last)

    def keyed_segments_between(self, first: int, last: int
                               ) -> Iterator[tuple[Segment, int, int]]:
        """(segment, source key hash, target key hash) of the segments with ids ``first`` to
        ``last``, in id order; the segments hold what the checks read (rows.CHECKED_FIELDS
        and the id) and nothing else."""
        return _segments.keyed_segments_between(self.conn, first, last)

    def checked_segments(self, ids: Iterable[int]) -> dict[int, Segment]:
        """id → segment holding what the checks read (rows.CHECKED_FIELDS and the id) and
        nothing else, for those of ``ids`` that are stored."""
        return _segments.checked_segments(self.conn, ids)

    def origin_path(self, name: str) -> str | None:
        """Where the document ``name`` was last imported from (None: not known)."""
        return _segments.origin_path(self.conn, name)

    def languages(self) -> list[tuple[str, str]]:
        """The distinct (source language, target language) pairs, sorted; cheap at any size
        (an index probe per pair), where :meth:`language_pairs` counts every segment."""
        return _segments.languages(self.conn)

    def language_pairs(self) -> list[dict]:
        """[{"source", "target", "segments"}], the most frequent pair first."""
        return _segments.language_pairs(self.conn)

    # --- maintenance (store/maintenance.py): each change one transaction, recorded, re-indexed

    def select_segments(self, selection: Selection = ALL_SEGMENTS, *, limit: int | None = None,
                        offset: int = 0) -> list[Segment]:
        """The selected segments in id order (``limit`` from ``offset``); an id or range of
        the selection that names no stored segment is a UsageError."""
        _maintenance.check_ids(self.conn, selection.ranges)
        return _maintenance.select(self.conn, selection, limit=limit, offset=offset)

    def count_selected(self, selection: Selection = ALL_SEGMENTS) -> int:
        """How many segments :meth:`select_segments` would give without a limit."""
        _maintenance.check_ids(self.conn, selection.ranges)
        return _maintenance.count(self.conn, selection)

    def edit_segment(self, segment_id: int, values: dict[str, str | None], *, user: str,
                     command: str) -> SegmentChange | None:
        """Set a segment's source, target, note and/or status (see maintenance.edit)."""
        with self.transaction():
            change = _maintenance.edit(self.conn, segment_id, values, user=user, at=utc_now())
            if change is not None:
                self._recorded([change], user=user, command=command)
        return change

    def set_segment_status(self, ids: Sequence[int], status: str, *, user: str, command: str
                           ) -> list[SegmentChange]:
        """Give these segments ``status`` (those that have it already are left alone)."""
        with self.transaction():
            at = utc_now()
            changes = [change for segment_id in ids if (change := _maintenance.edit(
                self.conn, segment_id, {"status": status}, user=user, at=at,
                action="set-status")) is not None]
            self._recorded(changes, user=user, command=command, at=at)
        return changes

    def delete_segments(self, selection: Selection, *, user: str, command: str,
                        dry_run: bool = False, everything: bool = False) -> list[SegmentChange]:
        """Delete the selected segments (``dry_run``: only say which); an empty selection
        deletes everything only with ``everything``, else it is a UsageError."""
        if selection.is_everything() and not everything:
            raise UsageError("refusing to delete every segment: give ids or a filter, or --all")
        if dry_run:  # (no transaction: a read writes nothing)
            return _maintenance.deletions(self.select_segments(selection))
        with self.transaction():
            changes = _maintenance.delete(self.conn, self.select_segments(selection))
            self._recorded(changes, user=user, command=command)
        return changes

    def dedupe_segments(self, selection: Selection = ALL_SEGMENTS, *, user: str, command: str,
                        dry_run: bool = False) -> list[DuplicateGroup]:
        """Delete segments identical (source and target, NFC) to another in the same language
        pair, keeping the most trusted status, then the newest (``dry_run``: only say which)."""
        groups = _maintenance.duplicate_groups(self.conn, selection)
        if dry_run or not groups:
            return groups
        with self.transaction():
            kept = {seg.id: group.kept.id for group in groups for seg in group.removed}
            changes = _maintenance.delete(self.conn, [s for g in groups for s in g.removed],
                                          action="dedupe", kept=kept)  # type: ignore[arg-type]
            self._recorded(changes, user=user, command=command)
        return groups

    def segment_history(self, segment_ids: Sequence[int] | None = None
                        ) -> list[SegmentHistoryEntry]:
        """Recorded changes of these segments (None: all), oldest first."""
        return _segment_history.history(self.conn, None if segment_ids is None
                                        else list(segment_ids))

    def updating(self, *, user: str, command: str
                 ) -> contextlib.AbstractContextManager[SourceUpdater]:
        """``import --update``: entered before :meth:`importing`, in its transaction (see
        store/updating.py)."""
        return _updating.updating(self, user=user, command=command)

    def _recorded(self, changes: list[SegmentChange], *, user: str, command: str,
                  at: str | None = None) -> None:
        """Record changes in the history and re-index their segments (in the caller's
        transaction)."""
        if changes:
            _segment_history.record(self.conn, changes, user=user, command=command,
                                    at=at or utc_now())
            self.index.reindex([c.segment_id for c in changes if c.touches_texts])

    # --- glossary ----------------------------------------------------------------------------

    def import_glossary(self, concepts: Iterable[Concept], *, replace: bool = False
                        ) -> ImportResult:
        """Store concepts, merging with those of the same key (``replace``: the input is the
        whole glossary), with their history; no validation (see store/glossary.py)."""
        return _glossary.import_concepts(self, concepts, replace=replace)

    def concepts(self, *, status: str | None = None, lang: str | None = None) -> list[Concept]:
        """All concepts with their terms (in file order). ``status``/``lang`` keep concepts that
        have at least one such term, and only those terms."""
        return _glossary.read_concepts(self.conn, status=status, lang=lang)

    def glossary_version(self) -> tuple:
        """Changes whenever the glossary does (cheap: no concept is read)."""
        return _glossary.version(self.conn)

    def write_glossary_changes(self, changes: list[Change], *, user: str, command: str
                               ) -> None:
        """Store the concepts as ``changes`` leave them, each change recorded in the history
        (who, when, which command), in one transaction."""
        with self.transaction():
            _glossary.write_changes(self.conn, changes, user=user, command=command,
                                    at=utc_now())

    def glossary_history(self, *, concept: str | None = None, since: str | None = None
                         ) -> list[HistoryEntry]:
        """Recorded glossary changes, oldest first; ``concept`` matches its id before or after
        a rename; ``since`` an ISO 8601 UTC time."""
        return _glossary.history(self.conn, concept=concept, since=since)

    # --- statistics --------------------------------------------------------------------------

    def stats(self) -> dict:
        """What ``tm stats --json`` prints."""
        return _stats(self.conn, self.path, self.schema_version)


def _filter(matching: SegmentFilter | None, filters: dict[str, str | None]) -> SegmentFilter:
    """One filter from the façade's two spellings (an object, or its fields as keywords)."""
    if matching is None:
        return SegmentFilter(**filters)
    if any(filters.values()):
        raise TypeError("pass a SegmentFilter or its fields as keywords, not both")
    return matching

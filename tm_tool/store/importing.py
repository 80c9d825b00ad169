"""Importing segments: :class:`Importer` turns each document's segments into rows
(store/rows.py) and feeds them to the pipeline (store/ingest.py), which stores them through a
:class:`SegmentSink`. :meth:`Store.importing` and :meth:`Store.import_segments` are these
functions."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from ..lazy import numpy as np  # (imported when first used: tm term starts without it)
from ..model import Segment
from . import rows as segment_rows
from .ingest import Batch, Pipeline
from .rows import INSERT_SQL, INSERT_WITH_ID_SQL, SOURCE_LANG, TARGET_LANG, identity, new_row
from .segment_history import highest_recorded_id

if TYPE_CHECKING:
    from . import ImportResult, Store


class SegmentSink:
    """The pipeline's :class:`~tm_tool.store.ingest.RowSink`: the segments table."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def insert(self, rows: list[list]) -> np.ndarray:
        """Insert a batch (segments already stored are skipped); the id each row got, -1 for
        those already stored, or stored by an earlier row of the batch."""
        last = self.conn.execute("SELECT ifnull(max(id), 0) FROM segments").fetchone()[0]
        retired = highest_recorded_id(self.conn)
        before = self.conn.total_changes
        if retired > last:  # the newest segments were deleted: never give their ids again
            last = retired
            self.conn.executemany(INSERT_WITH_ID_SQL, [
                [i, *row] for i, row in enumerate(rows, start=last + 1)])
        else:
            self.conn.executemany(INSERT_SQL, rows)
        added = self.conn.total_changes - before
        if added == len(rows):  # the usual case: ids are last+1 … last+n, in row order
            return np.arange(last + 1, last + 1 + added, dtype=np.int32)
        # some were already stored: find which rows got which id (the first row of a key)
        new = dict(self.conn.execute(
            "SELECT dedup_key, id FROM segments WHERE id > ?", (last,)).fetchall())
        key = segment_rows.DEDUP_KEY
        return np.array([new.pop(row[key], -1) for row in rows], dtype=np.int32)

    def stored(self, keys: list[bytes]) -> set[bytes]:
        found: set[bytes] = set()
        for start in range(0, len(keys), 500):
            part = keys[start:start + 500]
            found.update(key for (key,) in self.conn.execute(
                f"SELECT dedup_key FROM segments WHERE dedup_key IN ({','.join('?' * len(part))})",
                part))
        return found


class Importer:
    """Adds documents to an import (see :meth:`Store.importing`)."""

    def __init__(self, store: Store, batch_size: int) -> None:
        self.store = store
        self.batch_size = batch_size
        self.pipeline = Pipeline(SegmentSink(store.conn), store.index)
        self._origins: dict[str, int] = {}  # origin ids by name, in this import

    def add(self, segments: Iterable[Segment], *, origin: str | None = None,
            origin_path: str | None = None, fmt: str | None = None,
            progress: Callable[[int], None] | None = None) -> ImportResult:
        """Store one document's segments; the result's counts are complete when the import
        ends (its last batches are stored then)."""
        from . import ImportResult, utc_now  # (the package imports this module)

        result = ImportResult()
        now = utc_now()
        batch = Batch([], [], result=result)
        for seg in segments:
            result.read += 1
            self._append(batch, seg, origin, origin_path, fmt, now)
            if len(batch.rows) >= self.batch_size:
                self.pipeline.add(batch)
                batch = Batch([], [], result=result)
                if progress:
                    progress(result.read)
        if batch.rows:
            self.pipeline.add(batch)
        if progress:
            progress(result.read)
        return result

    def _append(self, batch: Batch, seg: Segment, origin: str | None, origin_path: str | None,
                fmt: str | None, now: str) -> None:
        """Add the row of ``seg`` (and its identity) to ``batch``."""
        seg_origin = seg.origin or origin
        origin_id = self._origin_id(seg_origin, origin_path if not seg.origin else None, fmt)
        row = new_row(seg, origin_id, now)
        source_lang, target_lang = row[SOURCE_LANG], row[TARGET_LANG]
        if source_lang != seg.source_lang or target_lang != seg.target_lang:
            batch.legacy[len(batch.rows)] = identity(seg.source_lang, seg.target_lang,
                                                     seg_origin, seg.position)
        batch.identities.append(identity(source_lang, target_lang, seg_origin, seg.position))
        batch.rows.append(row)

    def _origin_id(self, name: str | None, path: str | None, fmt: str | None) -> int | None:
        if not name:
            return None
        if name not in self._origins:
            self._origins[name] = _store_origin(self.store.conn, name, path, fmt)
        return self._origins[name]


def _store_origin(conn: sqlite3.Connection, name: str, path: str | None, fmt: str | None
                  ) -> int:
    """The id of the origin ``name``, made if new; its path and format updated if given."""
    from . import utc_now

    row = conn.execute("SELECT id FROM origins WHERE name = ?", (name,)).fetchone()
    if not row:
        return conn.execute(
            "INSERT INTO origins (name, path, format, imported_at) VALUES (?, ?, ?, ?)",
            (name, path, fmt, utc_now())).lastrowid  # type: ignore[return-value]
    if path:
        conn.execute("UPDATE origins SET path = ?, format = ?, imported_at = ? WHERE id = ?",
                     (path, fmt, utc_now(), row[0]))
    return row[0]


@contextlib.contextmanager
def importing(store: Store, *, batch_size: int,
              importer_class: type[Importer] = Importer) -> Iterator[Importer]:
    """One import of any number of documents (``importer.add`` each): one transaction, one
    pipeline, so the search index gets full chunks however many documents there are
    (a chunk per document made 200 small files import 5x slower than one big one, and
    lookups 10x slower). ``importer_class``: a backend's own (store/postgres/ingest.py)."""
    with store.transaction():
        importer = importer_class(store, batch_size)
        try:
            yield importer
            importer.pipeline.finish()
        finally:
            importer.pipeline.shutdown()
        store.index.merge_small_chunks()


def import_segments(store: Store, segments: Iterable[Segment], *, origin: str | None,
                    origin_path: str | None, fmt: str | None,
                    progress: Callable[[int], None] | None, batch_size: int) -> ImportResult:
    """Store segments; those already stored (same languages, origin, position and texts)
    are left alone. Runs in one transaction (or joins the caller's)."""
    with importing(store, batch_size=batch_size) as importer:
        return importer.add(segments, origin=origin, origin_path=origin_path, fmt=fmt,
                            progress=progress)

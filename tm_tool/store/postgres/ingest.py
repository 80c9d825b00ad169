"""The import into PostgreSQL: the pipeline of store/ingest.py (NFC, hashes, index grams in a
worker) with a row sink of its own. Ids are given as the SQLite store gives them (the next after
the highest stored or recorded one, to the new rows only, in row order), so both backends number
the same import alike; the rows go in by COPY, in the import's transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..importing import Importer
from ..ingest import Pipeline
from ..rows import COLUMNS, DEDUP_KEY
from ..segment_history import highest_recorded_id
from .sql import Connection

if TYPE_CHECKING:
    from . import PostgresStore

# COPY's binary types of the segments table's columns (schema.py), in rows.COLUMNS order
_TYPES = {"source_key_hash": "int8", "target_key_hash": "int8", "origin_id": "int8",
          "position": "int8", "usage_count": "int8", "dedup_key": "bytea"}
SEGMENT_TYPES = ["int8", *(_TYPES.get(column, "text") for column in COLUMNS)]


class PgSegmentSink:
    """The pipeline's row sink: the segments table, by COPY."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def insert(self, rows: list[list]) -> np.ndarray:
        """Store the rows not stored yet (nor by an earlier row of ``rows``); the id each
        got, -1 for the others."""
        last = self.conn.execute("SELECT coalesce(max(id), 0) FROM segments").fetchone()[0]
        retired = highest_recorded_id(self.conn)  # type: ignore[arg-type]
        known = self.stored([row[DEDUP_KEY] for row in rows])
        ids = np.full(len(rows), -1, dtype=np.int32)
        # After deleted segments the SQLite store numbers every row of the batch, stored or
        # not (INSERT with ids); otherwise only the new ones (INSERT without).
        every_row = retired > last
        next_id = max(last, retired) + 1
        seen: set[bytes] = set()
        for i, row in enumerate(rows):
            key = row[DEDUP_KEY]
            if key not in known and key not in seen:
                seen.add(key)
                ids[i] = next_id
                next_id += 1
            elif every_row:
                next_id += 1
        self.conn.copy("segments", ("id", *COLUMNS), SEGMENT_TYPES,
                       ([int(ids[i]), *row] for i, row in enumerate(rows) if ids[i] >= 0))
        return ids

    def stored(self, keys: list[bytes]) -> set[bytes]:
        found: set[bytes] = set()
        for start in range(0, len(keys), 5000):
            found.update(key for (key,) in self.conn.execute(
                "SELECT dedup_key FROM segments WHERE dedup_key = ANY(?)",
                (keys[start:start + 5000],)))
        return found


class PgImporter(Importer):
    """:class:`~tm_tool.store.importing.Importer` with the PostgreSQL sink."""

    def __init__(self, store: PostgresStore, batch_size: int) -> None:
        # (not Importer.__init__: it would start a pipeline with the SQLite sink)
        self.store = store  # type: ignore[assignment]
        self.batch_size = batch_size
        self.pipeline = Pipeline(PgSegmentSink(store.conn), store.index)  # type: ignore[arg-type]
        self._origins: dict[str, int] = {}

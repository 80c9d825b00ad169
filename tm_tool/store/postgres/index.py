"""The search index in PostgreSQL: index/writer.py's tables and rows, unchanged (the same keys
from index/keys.py, the same sorted little-endian id arrays, as bytea), written in the import's
transaction. Only the bulk writes differ: a flush's rows go in by COPY, which PostgreSQL takes
several times faster than row-by-row INSERTs."""

from __future__ import annotations

import numpy as np

from ...index.buffer import IndexRows
from ...index.writer import SegmentIndex


class PgSegmentIndex(SegmentIndex):
    """:class:`~tm_tool.index.writer.SegmentIndex` writing its rows by COPY."""

    def write(self, rows: IndexRows) -> None:
        conn = self.conn
        conn.copy("search_grams", ("key", "ids"), ("int8", "bytea"),  # type: ignore[attr-defined]
                  ((int(key), ids) for key, ids in rows.grams))
        conn.copy("search_buckets", ("key", "grams", "starts", "ids"),  # type: ignore[attr-defined]
                  ("int8", "bytea", "bytea", "bytea"),
                  ((int(key), grams, starts, ids) for key, grams, starts, ids in rows.buckets))
        conn.executemany(
            "INSERT OR REPLACE INTO search_lengths (side, first_id, lengths) VALUES (?, ?, ?)",
            rows.lengths)
        self._own.setdefault(rows.chunk, []).extend(rows.own)
        if rows.info:  # the chunk's last part
            own = np.array(self._own.pop(rows.chunk), dtype="<i8").tobytes()
            conn.execute(
                "UPDATE search_chunks SET first_id = ?, last_id = ?, postings = ?, own_grams = ? "
                "WHERE chunk = ?", (*rows.info, own, rows.chunk))

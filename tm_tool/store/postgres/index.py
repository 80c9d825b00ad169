"""The search index in PostgreSQL: index/writer.py's tables and rows, unchanged (the same keys
from index/keys.py, the same sorted little-endian id arrays, as bytea), written in the import's
transaction. Only the bulk writes differ: a flush's rows go in by COPY, which PostgreSQL takes
several times faster than row-by-row INSERTs."""

from __future__ import annotations

from ...index.buffer import IndexRows
from ...index.writer import SegmentIndex


class PgSegmentIndex(SegmentIndex):
    """:class:`~tm_tool.index.writer.SegmentIndex` writing its rows by COPY."""

    def _write_postings(self, rows: IndexRows) -> None:
        conn = self.conn
        conn.copy("search_grams", ("key", "ids"), ("int8", "bytea"),  # type: ignore[attr-defined]
                  ((int(key), ids) for key, ids in rows.grams))
        conn.copy("search_buckets", ("key", "grams", "starts", "ids"),  # type: ignore[attr-defined]
                  ("int8", "bytea", "bytea", "bytea"),
                  ((int(key), grams, starts, ids) for key, grams, starts, ids in rows.buckets))

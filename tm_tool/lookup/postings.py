"""Reading the search index (written by ``store/index.py``)."""

from __future__ import annotations

import sqlite3
from functools import cached_property

import numpy as np

from ..store.layout import bucket_of, row_key


class Postings:
    """Read access to the postings and lengths of one database."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def ids(self, side: int, gram: int) -> np.ndarray:
        """Sorted ids of the segments whose ``side`` contains ``gram``."""
        bucket = int(bucket_of(np.array([gram], dtype=np.int64))[0])
        keys = ",".join(str(row_key(chunk, side, bucket)) for chunk in self.chunks)
        wanted = gram.to_bytes(8, "little")
        found = []
        # Most chunks' rows of a bucket lack the gram: instr() leaves them in SQLite.
        for grams, starts, ids in self.conn.execute(
                f"SELECT grams, starts, ids FROM search_buckets WHERE key IN ({keys}) "
                "AND instr(grams, ?) ORDER BY key", (wanted,)):
            at = grams.find(wanted)
            while at > 0 and at % 8:  # a match across two grams' bytes: look further
                at = grams.find(wanted, at + 1)
            if at < 0:
                continue
            at //= 2  # index of the gram × 4: its offset in ``starts``
            first = int.from_bytes(starts[at:at + 4], "little")
            end = (int.from_bytes(starts[at + 4:at + 8], "little") if at + 4 < len(starts)
                   else len(ids) // 4)
            found.append(np.frombuffer(ids, dtype="<i4", count=end - first,
                                       offset=first * 4))
        if not found:
            return np.empty(0, dtype=np.int32)
        return found[0] if len(found) == 1 else np.concatenate(found)

    @cached_property
    def chunks(self) -> list[int]:
        return [row[0] for row in self.conn.execute(
            "SELECT chunk FROM search_chunks ORDER BY chunk")]

    @cached_property
    def max_id(self) -> int:
        return self.conn.execute("SELECT ifnull(max(id), 0) FROM segments").fetchone()[0]

    @cached_property
    def lengths(self) -> tuple[np.ndarray, np.ndarray]:
        """Token length of every segment's source and target, indexed by segment id."""
        out = (np.zeros(self.max_id + 1, dtype=np.int32),
               np.zeros(self.max_id + 1, dtype=np.int32))
        for side, first, blob in self.conn.execute(
                "SELECT side, first_id, lengths FROM search_lengths"):
            values = np.frombuffer(blob, dtype=np.uint16)
            end = min(first + len(values), self.max_id + 1)
            out[side][first:end] = values[: end - first]
        return out

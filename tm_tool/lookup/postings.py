"""Reading the search index (written by ``store/index.py``)."""

from __future__ import annotations

import sqlite3
from functools import cached_property

import numpy as np


class Postings:
    """Read access to the postings and lengths of one database."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def ids(self, side: int, gram: int) -> np.ndarray:
        """Sorted ids of the segments whose ``side`` contains ``gram``."""
        blobs = [row[0] for row in self.conn.execute(
            "SELECT ids FROM search_postings WHERE side = ? AND gram = ? ORDER BY chunk",
            (side, gram))]
        if not blobs:
            return np.empty(0, dtype=np.int32)
        if len(blobs) == 1:
            return np.frombuffer(blobs[0], dtype=np.int32)
        return np.concatenate([np.frombuffer(b, dtype=np.int32) for b in blobs])

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

"""Reading the search index (written by ``index/writer.py``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import cached_property

import numpy as np

from .keys import bucket_of, chunk_of_gram_row, chunk_of_row, gram_range, row_key


class Postings:
    """Read access to the postings and lengths of one database."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def ids(self, side: int, gram: int) -> np.ndarray:
        """Sorted ids of the segments whose ``side`` contains ``gram``."""
        chunks = self.chunks
        found: list[tuple[int, bytes]] = []  # (row key's chunk, ids) to put in chunk order
        for key, ids in self.conn.execute(
                "SELECT key, ids FROM search_grams WHERE key BETWEEN ? AND ?",
                gram_range(side, gram)):
            found.append((chunk_of_gram_row(key), ids))
        if len(found) < len(chunks):  # rare in some chunks: in their bucket's rows
            bucket = int(bucket_of(np.array([gram], dtype=np.int64))[0])
            own = {chunk for chunk, _ in found}
            keys = ",".join(str(row_key(chunk, side, bucket)) for chunk in chunks
                            if chunk not in own)
            wanted = gram.to_bytes(8, "little")
            # Most chunks' rows of a bucket lack the gram: instr() leaves them in SQLite.
            for key, grams, starts, ids in self.conn.execute(
                    f"SELECT key, grams, starts, ids FROM search_buckets WHERE key IN ({keys}) "
                    "AND instr(grams, ?)", (wanted,)):
                at = grams.find(wanted)
                while at > 0 and at % 8:  # a match across two grams' bytes: look further
                    at = grams.find(wanted, at + 1)
                if at < 0:
                    continue
                at //= 2  # index of the gram × 4: its offset in ``starts``
                first = int.from_bytes(starts[at:at + 4], "little") * 4
                end = (int.from_bytes(starts[at + 4:at + 8], "little") * 4
                       if at + 4 < len(starts) else len(ids))
                found.append((chunk_of_row(key), ids[first:end]))
        if not found:
            return np.empty(0, dtype=np.int32)
        found.sort(key=lambda pair: pair[0])  # chunks hold increasing ids
        # (ids are little-endian int32)
        return np.frombuffer(b"".join(ids for _, ids in found), dtype="<i4").astype(
            np.int32, copy=False)

    def ids_of(self, side: int, grams: Sequence[int]) -> list[np.ndarray]:
        """:meth:`ids` of each of ``grams`` (a backend whose every read is a round trip to a
        server reads them in one: store/postgres/postings.py)."""
        return [self.ids(side, gram) for gram in grams]

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

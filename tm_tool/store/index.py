"""The search index: postings of tokens and token pairs, for both sides of every segment.

Why this design (measured in shared/design/performance-notes.md): SQLite's FTS5 trigram index
cannot serve the 1- and 2-character words that make up most Chinese terms, and answers wrongly
for them on SQLite 3.40; bm25 top-k over bigrams is not a similarity bound. Postings of
character bigrams read into numpy give an exact q-gram filter for fuzzy matching, and postings
of single tokens and pairs answer 1- and 2-character concordance queries directly.

Layout (store/layout.py): each flush of an import is a chunk. Within a chunk, a frequent gram
(integer keys, see lookup/tokens.py) gets a row of ``search_grams(key, ids)`` with its sorted
int32 segment ids; rare grams are hashed into buckets, one row of
``search_buckets(key, grams, starts, ids)`` per bucket: its distinct grams (sorted int64), where
each gram's ids begin, and the ids. Why buckets and not a
row per gram: a million segments have tens of millions of (gram, flush) pairs, most of them
singletons, and inserting a SQLite row for each took longer than everything else in an import;
a bucket row holds ~50 grams, and a lookup reads a few hundred extra bytes per gram.
``search_lengths(side, first_id, lengths)`` holds each segment side's token length (uint16),
which the fuzzy filter's length window needs. Side 0 is the source, side 1 the target.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np

from .ingest import Grams, index_grams
from .layout import GRAM_BITS, OWN_ROW_AT, PARTITION_BITS, bucket_of, gram_key, row_key

# Postings (gram, segment) held in memory before they are written, 12 bytes each; the flush
# sorts them 1/2^PARTITION_BITS at a time, so its peak is ~1.2x the postings (~90 MB here).
# Fewer, larger flushes mean fewer rows for a lookup to read: a million segments give ~20.
FLUSH_ENTRIES = 6_000_000

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS search_buckets (key INTEGER PRIMARY KEY, grams BLOB NOT NULL, "
    "starts BLOB NOT NULL, ids BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_grams (key INTEGER PRIMARY KEY, ids BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_chunks (chunk INTEGER PRIMARY KEY)",
    "CREATE TABLE IF NOT EXISTS search_lengths (side INTEGER NOT NULL, "
    "first_id INTEGER NOT NULL, lengths BLOB NOT NULL, PRIMARY KEY (side, first_id)) "
    "WITHOUT ROWID",
)


class SegmentIndex:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # per side, batch by batch in bucket order: gram keys (int64), segment ids (int32), and
        # where each partition of the buckets begins
        self._grams: dict[int, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {0: [], 1: []}
        self._lengths: list[tuple[int, int, bytes]] = []  # (side, first_id, uint16 lengths)
        self._pending = 0

    def create_schema(self) -> None:
        # (not executescript: it would commit the migration's transaction)
        for statement in SCHEMA:
            self.conn.execute(statement)

    def rebuild(self) -> None:
        """Index every stored segment from scratch."""
        for table in ("search_buckets", "search_grams", "search_chunks", "search_lengths"):
            self.conn.execute(f"DELETE FROM {table}")
        cursor = self.conn.execute("SELECT id, source, target FROM segments ORDER BY id")
        while rows := cursor.fetchmany(5000):
            self.add(rows)
        self.flush()

    def add(self, rows: Sequence[tuple[int, str, str]]) -> None:
        """Index new segments: ``(id, source, target)`` rows, ids increasing."""
        if rows:
            ids = np.fromiter((r[0] for r in rows), dtype=np.int32, count=len(rows))
            self.add_batch(ids, index_grams([r[1] for r in rows]),
                           index_grams([r[2] for r in rows]))

    def add_batch(self, ids: np.ndarray, source_grams: Grams, target_grams: Grams) -> None:
        """Index a batch from the :func:`index_grams` of its sources and targets (computed
        wherever the caller likes, e.g. in a worker process). ``ids[i]`` is the segment id of
        text ``i``, increasing, or -1 for a text that was not stored (a duplicate)."""
        kept = ids >= 0
        for side, (local, keys, _, bounds) in enumerate((source_grams, target_grams)):
            if not kept.all():
                mask = kept[local]
                local, keys = local[mask], keys[mask]
                bounds = np.r_[0, np.cumsum(mask)][bounds]  # the bounds among kept postings
            self._grams[side].append((keys, ids[local], bounds))
            self._pending += len(keys)
        self._add_lengths(ids[kept], source_grams[2][kept], target_grams[2][kept])
        if self._pending >= FLUSH_ENTRIES:
            self.flush()

    def _add_lengths(self, ids: np.ndarray, *side_lengths: np.ndarray) -> None:
        # ids are consecutive except after skipped duplicates: store the lengths of each
        # consecutive run with its first id.
        breaks = np.nonzero(np.diff(ids) != 1)[0] + 1
        for start, end in zip(np.r_[0, breaks], np.r_[breaks, len(ids)], strict=True):
            for side, lengths in enumerate(side_lengths):
                chunk = np.minimum(lengths[start:end], 65535).astype(np.uint16)
                self._lengths.append((side, int(ids[start]), chunk.tobytes()))

    def flush(self) -> None:
        """Write what :meth:`add` collected (the store calls it at the end of an import)."""
        if not self._lengths:
            return
        chunk = self.conn.execute(
            "SELECT ifnull(max(chunk), 0) + 1 FROM search_chunks").fetchone()[0]
        self.conn.execute("INSERT INTO search_chunks (chunk) VALUES (?)", (chunk,))
        for side in (0, 1):
            parts = self._grams[side]
            # Sorted one bucket range at a time, never all at once: the sort's temporary
            # arrays are a fraction of the postings, so a flush can hold more of them.
            for partition in range(1 << PARTITION_BITS):
                ranges = [(keys, ids, bounds[partition], bounds[partition + 1])
                          for keys, ids, bounds in parts]
                if any(end > start for _, _, start, end in ranges):
                    self._write_part(side, chunk,
                                     np.concatenate([k[a:b] for k, _, a, b in ranges]),
                                     np.concatenate([i[a:b] for _, i, a, b in ranges]))
            parts.clear()
        self.conn.executemany(
            "INSERT OR REPLACE INTO search_lengths (side, first_id, lengths) VALUES (?, ?, ?)",
            self._lengths,
        )
        self._lengths.clear()
        self._pending = 0

    def _write_part(self, side: int, chunk: int, grams: np.ndarray, ids: np.ndarray) -> None:
        """Write the postings of some buckets: one row per bucket."""
        # One stable sort of a (bucket, gram) composite key, computed in place: it merges the
        # batches' presorted runs, and as batches came in id order, ids stay sorted per gram.
        key = bucket_of(grams)
        np.left_shift(key, GRAM_BITS, out=key)
        np.bitwise_or(key, grams, out=key)
        del grams
        order = np.argsort(key, kind="stable")
        key = key[order]
        ids = ids[order]
        del order
        gram_starts = np.nonzero(np.r_[True, key[1:] != key[:-1]])[0]
        counts = np.diff(np.r_[gram_starts, len(key)])
        distinct = key[gram_starts]
        del key
        distinct_buckets = distinct >> GRAM_BITS
        distinct &= (1 << GRAM_BITS) - 1
        ids = ids.astype("<i4", copy=False)  # little-endian: lookup/postings.py reads bytes
        # Frequent grams: a row each.
        frequent = np.nonzero(counts >= OWN_ROW_AT)[0]
        self.conn.executemany(
            "INSERT INTO search_grams (key, ids) VALUES (?, ?)",
            ((gram_key(chunk, side, g), ids[i0:i0 + n].tobytes()) for g, i0, n in zip(
                distinct[frequent].tolist(), gram_starts[frequent].tolist(),
                counts[frequent].tolist(), strict=True)))
        # Rare grams: a row per bucket.
        rare = counts < OWN_ROW_AT
        if not rare.any():
            return
        ids = ids[np.repeat(rare, counts)]
        distinct, distinct_buckets, counts = distinct[rare], distinct_buckets[rare], counts[rare]
        gram_starts = np.r_[0, np.cumsum(counts)[:-1]]
        # where each bucket begins, among the distinct grams and among the ids
        first = np.nonzero(np.r_[True, distinct_buckets[1:] != distinct_buckets[:-1]])[0]
        last = np.r_[first[1:], len(distinct)]
        id_first = gram_starts[first]
        id_last = np.r_[id_first[1:], len(ids)]
        base = row_key(chunk, side, 0)
        distinct = distinct.astype("<i8", copy=False)
        starts = gram_starts.astype("<i4")
        rows = ((base | b, distinct[g0:g1].tobytes(),
                 (starts[g0:g1] - i0).tobytes(), ids[i0:i1].tobytes())
                for b, g0, g1, i0, i1 in zip(distinct_buckets[first].tolist(), first.tolist(),
                                             last.tolist(), id_first.tolist(),
                                             id_last.tolist(), strict=True))
        self.conn.executemany(
            "INSERT INTO search_buckets (key, grams, starts, ids) VALUES (?, ?, ?, ?)", rows)

"""The search index: postings of tokens and token pairs, for both sides of every segment.

Why this design (measured in shared/design/performance-notes.md): SQLite's FTS5 trigram index
cannot serve the 1- and 2-character words that make up most Chinese terms, and answers wrongly
for them on SQLite 3.40; bm25 top-k over bigrams is not a similarity bound. Postings of
character bigrams read into numpy give an exact q-gram filter for fuzzy matching, and postings
of single tokens and pairs answer 1- and 2-character concordance queries directly.

Layout: ``search_postings(side, gram, chunk, ids)`` holds the sorted int32 segment ids of one
gram (an integer key, see lookup/tokens.py); every flush appends one chunk per gram, so long
lists are never rewritten and the index is kept inside the import transaction.
``search_lengths(side, first_id, lengths)`` holds each segment side's token length (uint16),
which the fuzzy filter's length window needs. Side 0 is the source, side 1 the target.
Grams are computed for whole batches with numpy (lookup/tokens.batch_grams).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np

from ..lookup.tokens import batch_grams

FLUSH_EVERY = 50_000  # segments whose postings are held in memory (≈100 MB) before writing


class SegmentIndex:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # per side: arrays of gram keys (int64) and segment ids (int32), batch by batch
        self._grams: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {0: [], 1: []}
        self._lengths: list[tuple[int, int, bytes]] = []  # (side, first_id, uint16 lengths)
        self._pending_rows = 0

    def create_schema(self) -> None:
        # (not executescript: it would commit the migration's transaction)
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS search_postings (side INTEGER NOT NULL, "
            "gram INTEGER NOT NULL, chunk INTEGER NOT NULL, ids BLOB NOT NULL, "
            "PRIMARY KEY (side, gram, chunk)) WITHOUT ROWID")
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS search_lengths (side INTEGER NOT NULL, "
            "first_id INTEGER NOT NULL, lengths BLOB NOT NULL, PRIMARY KEY (side, first_id)) "
            "WITHOUT ROWID")

    def rebuild(self) -> None:
        """Index every stored segment from scratch."""
        self.conn.execute("DELETE FROM search_postings")
        self.conn.execute("DELETE FROM search_lengths")
        cursor = self.conn.execute("SELECT id, source, target FROM segments ORDER BY id")
        while rows := cursor.fetchmany(5000):
            self.add(rows)
        self.flush()

    def add(self, rows: Sequence[tuple[int, str, str]]) -> None:
        """Index new segments: ``(id, source, target)`` rows, ids increasing."""
        if not rows:
            return
        ids = np.fromiter((r[0] for r in rows), dtype=np.int32, count=len(rows))
        for side in (0, 1):
            local, grams, lengths = batch_grams([r[1 + side] for r in rows])
            self._grams[side].append((grams, ids[local]))
            # ids are consecutive within a batch except after skipped duplicates: store the
            # lengths of each consecutive run with its first id.
            breaks = np.nonzero(np.diff(ids) != 1)[0] + 1
            for start, end in zip(np.r_[0, breaks], np.r_[breaks, len(ids)], strict=True):
                chunk = np.minimum(lengths[start:end], 65535).astype(np.uint16)
                self._lengths.append((side, int(ids[start]), chunk.tobytes()))
        self._pending_rows += len(rows)
        if self._pending_rows >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write what :meth:`add` collected (the store calls it at the end of an import)."""
        if not self._lengths:
            return
        chunk = self.conn.execute(
            "SELECT ifnull(max(chunk), 0) + 1 FROM search_postings").fetchone()[0]
        for side in (0, 1):
            parts = self._grams[side]
            if not parts:
                continue
            grams = np.concatenate([g for g, _ in parts])
            ids = np.concatenate([i for _, i in parts])
            parts.clear()
            if not len(grams):
                continue
            order = np.argsort(grams, kind="stable")  # batches come in id order: stays sorted
            grams, ids = grams[order], ids[order]
            del order
            starts = np.r_[0, np.nonzero(np.diff(grams))[0] + 1]
            ends = np.r_[starts[1:], len(grams)]
            self.conn.executemany(
                "INSERT INTO search_postings (side, gram, chunk, ids) VALUES (?, ?, ?, ?)",
                ((side, int(grams[s]), chunk, ids[s:e].tobytes())
                 for s, e in zip(starts.tolist(), ends.tolist(), strict=True)),
            )
        self.conn.executemany(
            "INSERT OR REPLACE INTO search_lengths (side, first_id, lengths) VALUES (?, ?, ?)",
            self._lengths,
        )
        self._lengths.clear()
        self._pending_rows = 0

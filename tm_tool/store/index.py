"""The search index: postings of tokens and token bigrams, for both sides of every segment.

Why this design (measured in shared/design/performance-notes.md): SQLite's FTS5 trigram index
cannot serve the 1- and 2-character words that make up most Chinese terms, and answers wrongly
for them on SQLite 3.40; bm25 top-k over bigrams is not a similarity bound. Postings of
character bigrams read into numpy give an exact q-gram filter for fuzzy matching, and postings
of single tokens and bigrams answer 1- and 2-character concordance queries directly.

Layout: ``search_postings(side, gram, chunk, ids)`` holds sorted int32 segment ids per gram;
each import appends one chunk per gram (no rewrite of long lists), so the index is maintained
inside the import transaction. ``search_lengths(side, first_id, lengths)`` holds the token
length of each segment side (uint16), which the fuzzy filter needs for its length window.
Side 0 is the source, side 1 the target.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections import defaultdict
from collections.abc import Sequence

from ..lookup.tokens import grams, tokens

FLUSH_EVERY = 200_000  # segments held before their postings are written (memory bound)


class SegmentIndex:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._pending: dict[tuple[int, str], array] = defaultdict(lambda: array("i"))
        self._lengths: list[tuple[int, int, array]] = []  # (side, first_id, lengths)
        self._pending_rows = 0

    def create_schema(self) -> None:
        # (not executescript: it would commit the migration's transaction)
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS search_postings (side INTEGER NOT NULL, "
            "gram TEXT NOT NULL, chunk INTEGER NOT NULL, ids BLOB NOT NULL, "
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
        run_start = None
        runs: list[tuple[int, array, array]] = []
        for seg_id, source, target in rows:
            if run_start is None or seg_id != run_start + len(runs[-1][1]):
                run_start = seg_id
                runs.append((seg_id, array("H"), array("H")))
            _, src_lengths, tgt_lengths = runs[-1]
            for side, text, lengths in ((0, source, src_lengths), (1, target, tgt_lengths)):
                toks = tokens(text)
                lengths.append(min(len(toks), 65535))
                pending = self._pending
                for gram in grams(toks):
                    pending[(side, gram)].append(seg_id)
        for first, src_lengths, tgt_lengths in runs:
            self._lengths += [(0, first, src_lengths), (1, first, tgt_lengths)]
        self._pending_rows += len(rows)
        if self._pending_rows >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write what :meth:`add` collected (called by the store at the end of an import)."""
        if not self._pending and not self._lengths:
            return
        chunk = self.conn.execute(
            "SELECT ifnull(max(chunk), 0) + 1 FROM search_postings").fetchone()[0]
        self.conn.executemany(
            "INSERT INTO search_postings (side, gram, chunk, ids) VALUES (?, ?, ?, ?)",
            ((side, gram, chunk, ids.tobytes()) for (side, gram), ids in self._pending.items()),
        )
        self.conn.executemany(
            "INSERT OR REPLACE INTO search_lengths (side, first_id, lengths) VALUES (?, ?, ?)",
            ((side, first, lengths.tobytes()) for side, first, lengths in self._lengths),
        )
        self._pending.clear()
        self._lengths.clear()
        self._pending_rows = 0

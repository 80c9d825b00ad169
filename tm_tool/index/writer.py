"""The search index: postings of tokens and token pairs, for both sides of every segment.

Why this design (measured in shared/design/performance-notes.md): SQLite's FTS5 trigram index
cannot serve the 1- and 2-character words that make up most Chinese terms, and answers wrongly
for them on SQLite 3.40; bm25 top-k over bigrams is not a similarity bound. Postings of
character bigrams read into numpy give an exact q-gram filter for fuzzy matching, and postings
of single tokens and pairs answer 1- and 2-character concordance queries directly.

Layout (index/keys.py): each flush of an import is a chunk, and small chunks at the end are
merged after an import (:meth:`SegmentIndex.merge_small_chunks`). Within a chunk, a frequent gram
(integer keys, see index/keys.py) gets a row of ``search_grams(key, ids)`` with its sorted
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

from ..lazy import numpy as np  # (imported when first used: tm term starts without it)
from .buffer import FLUSH_ENTRIES, PARTS, IndexRows, PostingBuffer, index_grams
from .keys import bucket_rows, gram_key, split_side_gram

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS search_buckets (key INTEGER PRIMARY KEY, grams BLOB NOT NULL, "
    "starts BLOB NOT NULL, ids BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_grams (key INTEGER PRIMARY KEY, ids BLOB NOT NULL)",
    # a chunk's id range, postings and own-row grams (int64 keys.side_gram); NULL for chunks
    # written before schema version 4, which are never merged
    "CREATE TABLE IF NOT EXISTS search_chunks (chunk INTEGER PRIMARY KEY, first_id INTEGER, "
    "last_id INTEGER, postings INTEGER, own_grams BLOB)",
    "CREATE TABLE IF NOT EXISTS search_lengths (side INTEGER NOT NULL, "
    "first_id INTEGER NOT NULL, lengths BLOB NOT NULL, PRIMARY KEY (side, first_id)) "
    "WITHOUT ROWID",
)


class SegmentIndex:
    """Writes the index. A large import computes its rows in the worker process (store/ingest.py)
    and hands them to :meth:`write`; :meth:`add` indexes rows here (a rebuild, a migration)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._buffer = PostingBuffer()
        self._own: dict[int, list[int]] = {}  # own-row grams of chunks being written

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
            _add_segments(self._buffer, rows)
            if self._buffer.pending >= FLUSH_ENTRIES:
                self.flush()

    def flush(self) -> None:
        """Write what :meth:`add` collected."""
        if self._buffer:
            self._write_buffer(self._buffer, self.new_chunk())

    def _write_buffer(self, buffer: PostingBuffer, chunk: int, *, lengths: bool = True) -> None:
        for part in range(PARTS):
            rows = buffer.take_part(chunk, part)
            if not lengths:
                rows.lengths = []
            self.write(rows)

    def new_chunk(self) -> int:
        """Number the next flush (its rows can be written later in the same transaction)."""
        chunk = self.conn.execute(
            "SELECT ifnull(max(chunk), 0) + 1 FROM search_chunks").fetchone()[0]
        self.conn.execute("INSERT INTO search_chunks (chunk) VALUES (?)", (chunk,))
        return chunk

    def write(self, rows: IndexRows) -> None:
        self._write_postings(rows)
        self.conn.executemany(
            "INSERT OR REPLACE INTO search_lengths (side, first_id, lengths) VALUES (?, ?, ?)",
            rows.lengths)
        self._own.setdefault(rows.chunk, []).extend(rows.own)
        if rows.info:  # the chunk's last part
            own = np.array(self._own.pop(rows.chunk), dtype="<i8").tobytes()
            self.conn.execute(
                "UPDATE search_chunks SET first_id = ?, last_id = ?, postings = ?, own_grams = ? "
                "WHERE chunk = ?", (*rows.info, own, rows.chunk))

    def _write_postings(self, rows: IndexRows) -> None:
        """The rows of the grams and of the buckets (a backend may load them faster)."""
        self.conn.executemany("INSERT INTO search_grams (key, ids) VALUES (?, ?)", rows.grams)
        self.conn.executemany(
            "INSERT INTO search_buckets (key, grams, starts, ids) VALUES (?, ?, ?, ?)",
            rows.buckets)

    def merge_small_chunks(self) -> None:
        """Merge the newest chunks while they are small. Every import ends with a chunk, so
        documents imported one command at a time would leave a chunk each, and a lookup reads
        every chunk (200 chunks of 500 segments made fuzzy lookups 10x slower). As in a
        log-structured merge, the last chunk is merged into the one before when it is at least
        half its size and both fit in one flush: chunk sizes then fall geometrically towards
        the end, their number grows with the logarithm of the imports, and each segment is
        re-indexed a logarithmic number of times. Full chunks of large imports never merge."""
        while True:
            tail = self.conn.execute(
                "SELECT chunk, first_id, last_id, postings FROM search_chunks "
                "ORDER BY chunk DESC LIMIT 2").fetchall()
            if len(tail) < 2:
                return
            (last, _, last_id, last_size), (previous, first_id, _, previous_size) = tail
            if (None in (last_size, previous_size) or last_size + previous_size > FLUSH_ENTRIES
                    or 2 * last_size < previous_size):
                return
            self._reindex(previous, (previous, last), first_id, last_id)

    def reindex(self, ids: Sequence[int]) -> None:
        """Index the segments ``ids`` anew after they were edited or deleted: the chunks that
        hold them are rebuilt from the segments table as it is now, their lengths with them,
        so a deleted segment has no postings left and an edited one is found by its new texts
        only (concordance trusts the postings of Han characters and pairs). A chunk costs about
        as much as importing its segments again; a database whose chunks predate schema
        version 4 (no id ranges) is rebuilt whole."""
        wanted = np.unique(np.asarray(ids, dtype=np.int64))
        if not len(wanted):
            return
        chunks = self.conn.execute(
            "SELECT chunk, first_id, last_id FROM search_chunks ORDER BY chunk").fetchall()
        if any(first is None for _, first, _ in chunks):
            self.rebuild()
            return
        for chunk, first_id, last_id in chunks:
            at = np.searchsorted(wanted, first_id)
            if at == len(wanted) or wanted[at] > last_id:
                continue  # none of ``ids`` in this chunk
            self.conn.execute("DELETE FROM search_lengths WHERE first_id BETWEEN ? AND ?",
                              (first_id, last_id))
            self._reindex(chunk, (chunk,), first_id, last_id, lengths=True)
            self.conn.execute("DELETE FROM search_chunks WHERE chunk = ? AND first_id IS NULL",
                              (chunk,))  # (every segment of it deleted)

    def _reindex(self, chunk: int, old_chunks: tuple[int, ...], first_id: int,
                 last_id: int, *, lengths: bool = False) -> None:
        """Index the segments ``first_id`` … ``last_id`` anew as chunk ``chunk``, in place of
        the chunks that held them."""
        for old in old_chunks:
            (own,) = self.conn.execute("SELECT own_grams FROM search_chunks WHERE chunk = ?",
                                       (old,)).fetchone()
            keys = np.frombuffer(own or b"", dtype="<i8").tolist()
            self.conn.executemany("DELETE FROM search_grams WHERE key = ?", [
                (gram_key(old, *split_side_gram(key)),) for key in keys])
            self.conn.execute("DELETE FROM search_buckets WHERE key BETWEEN ? AND ?",
                              bucket_rows(old))
            self.conn.execute("DELETE FROM search_chunks WHERE chunk = ?", (old,))
        self.conn.execute("INSERT INTO search_chunks (chunk) VALUES (?)", (chunk,))
        buffer = PostingBuffer()
        cursor = self.conn.execute("SELECT id, source, target FROM segments WHERE id BETWEEN ? "
                                   "AND ? ORDER BY id", (first_id, last_id))
        while rows := cursor.fetchmany(5000):
            _add_segments(buffer, rows)
        # (a merge keeps the lengths stored already; a re-index after an edit rewrites them)
        self._write_buffer(buffer, chunk, lengths=lengths)


def _add_segments(buffer: PostingBuffer, rows: Sequence[tuple[int, str, str]]) -> None:
    """Put ``(id, source, target)`` rows, ids increasing, into ``buffer``."""
    ids = np.fromiter((r[0] for r in rows), dtype=np.int32, count=len(rows))
    buffer.add(ids, index_grams([r[1] for r in rows]), index_grams([r[2] for r in rows]))

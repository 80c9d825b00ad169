"""Reading the search index (written by ``index/writer.py``)."""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Sequence
from functools import cached_property
from typing import TypeVar

from ..lazy import numpy as np  # (imported when first used: tm term starts without it)
from . import idsets
from .idsets import IdList
from .keys import (
    CHUNK_BITS,
    GRAM_BITS,
    bucket_of_gram,
    chunk_of_gram_row,
    chunk_of_row,
    gram_key,
    gram_range,
    row_key,
    row_key_sql,
)

_V = TypeVar("_V")
_TERMS = 200  # SELECTs joined by UNION ALL in one statement (SQLite allows 500)
_GRAM_MASK = (1 << GRAM_BITS) - 1
_CHUNK_MASK = (1 << CHUNK_BITS) - 1  # (keys.chunk_of_gram_row, inline: a row costs it)
# Grams whose chunk counts (and bucket parts) and whose sizes a reader keeps: a batch or a
# server asks for the same frequent characters again and again, and each is a round trip.
_COUNTS_KEPT = 512
_SIZES_KEPT = 8192


class Postings:
    """Read access to the postings and lengths of one database.

    A query's grams are read together, in two statements (the frequent grams' own rows, then
    the rare grams' bucket rows) rather than two per gram: a 40-gram fuzzy query spent more
    time in 80 statements' Python round trips than in SQLite. With ``cache_bytes``, the
    postings read are kept, most recently used first, up to that size: a batch of lookups
    (an analysis, a pre-translation) asks for the same grams again and again."""

    # Whether a concordance reads a phrase's postings chunk by chunk (chunk_counts,
    # ids_in_chunks, sizes: lookup/concordance.py) rather than whole. Where every read is a
    # round trip to a server (PostgreSQL: at 10M segments a common character's ids are ~14 MB
    # shipped per query) it pays; SQLite reads a whole list from its page cache in about a
    # millisecond, and the chunk path's extra statements made its 1–2-character concordance
    # 1–1.5 ms slower (bench/results/2026-12-02b-pg.md).
    pages_by_chunk = False
    # Whether a fuzzy lookup reads only the rarest of its grams' lists and counts the grams of
    # the few candidates they leave in their texts (lookup/fuzzy.py FromRarestLists) rather
    # than reading every list. Where a read is shipped by a server, the lists of a query's
    # common grams are most of the bytes (PostgreSQL); SQLite reads them from its page cache.
    reads_rarest_lists = False

    def __init__(self, conn: sqlite3.Connection, *, cache_bytes: int = 0) -> None:
        self.conn = conn
        self._budget = cache_bytes
        self._held = 0
        # (side, gram) → its ids; (side, gram, chunk) → its ids in that chunk
        self._cache: OrderedDict[tuple[int, ...], IdList] = OrderedDict()
        self._rare: OrderedDict[tuple[int, ...], dict[int, bytes]] = OrderedDict()
        self._counts: OrderedDict[tuple[int, ...], dict[int, int]] = OrderedDict()
        self._sizes: OrderedDict[tuple[int, ...], int] = OrderedDict()
        # (side, gram) of the grams :meth:`sizes` found a row of their own for in every chunk
        # (none of their ids in a bucket row: a reader may skip those)
        self._everywhere_own: OrderedDict[tuple[int, ...], bool] = OrderedDict()

    def ids(self, side: int, gram: int) -> IdList:
        """Sorted ids of the segments whose ``side`` contains ``gram``."""
        return self.ids_of_all(side, [gram])[0]

    def ids_of_all(self, side: int, grams: Sequence[int]) -> list[IdList]:
        """:meth:`ids` of each gram, in order (idsets.py: NumPy arrays, or small stdlib
        arrays while NumPy is not loaded)."""
        found = {gram: self._cache.get((side, gram)) for gram in grams}
        missing = [gram for gram, ids in found.items() if ids is None]
        if missing:
            found.update(self._read(side, missing))
        for gram in grams:
            self._keep((side, gram), found[gram])  # type: ignore[arg-type]
        return [found[gram] for gram in grams]  # type: ignore[misc]

    def _keep(self, key: tuple[int, ...], ids: IdList) -> None:
        if not self._budget:
            return
        if key in self._cache:
            self._cache.move_to_end(key)
            return
        self._cache[key] = ids
        self._held += idsets.nbytes(ids)
        while self._held > self._budget and len(self._cache) > 1:
            self._held -= idsets.nbytes(self._cache.popitem(last=False)[1])

    def _read(self, side: int, grams: list[int]) -> dict[int, IdList]:
        parts: list[list[tuple[int, bytes]]] = [[] for _ in grams]  # (chunk, ids) by gram
        for start in range(0, len(grams), _TERMS):
            group = grams[start:start + _TERMS]
            # (each SELECT names its gram's place: the rows' keys need no decoding here)
            sql = " UNION ALL ".join(
                f"SELECT {start + number}, key, ids FROM search_grams WHERE key BETWEEN ? AND ?"
                for number in range(len(group)))
            params = [bound for gram in group for bound in gram_range(side, gram)]
            for number, key, ids in self.conn.execute(sql, params):
                parts[number].append((key & _CHUNK_MASK, ids))
        self._read_rare(side, grams, parts)
        return {gram: joined_chunks(found) for gram, found in zip(grams, parts, strict=True)}

    def _read_rare(self, side: int, grams: list[int], parts: list[list[tuple[int, bytes]]]
                   ) -> None:
        """Add the ids from the bucket rows of the chunks where a gram has no row of its own
        (rare there). One statement for many grams, the chunks joined in SQL: building each
        gram's list of a row per chunk in Python cost more than SQLite's reading them."""
        chunks = len(self.chunks)
        wanted = [number for number, found in enumerate(parts) if len(found) < chunks]
        for start in range(0, len(wanted), _TERMS):
            group = wanted[start:start + _TERMS]
            values = ",".join(["(?, ?, ?)"] * len(group))
            params: list[int | bytes] = []
            for number in group:
                gram = grams[number]
                params += [number, row_key(0, side, bucket_of_gram(gram)),
                           gram.to_bytes(8, "little")]
            sql = (f"WITH wanted(number, base, gram) AS (VALUES {values}) "
                   "SELECT number, chunk, gram, grams, starts, ids "
                   "FROM wanted, search_chunks, search_buckets "
                   f"WHERE search_buckets.key = {row_key_sql('chunk', 'base')} "
                   "AND instr(grams, gram)")
            for number, chunk, gram, row_grams, starts, ids in self.conn.execute(sql, params):
                found = slice_of_bucket(gram, row_grams, starts, ids)
                if found is not None:  # (None: the gram's bytes matched across two grams)
                    parts[number].append((chunk, found))

    def sizes(self, side: int, grams: Sequence[int]) -> list[int]:
        """About how many ids each of ``grams`` has on ``side``, from the lengths of its own
        rows plus one per chunk where it has none (its bucket rows, under OWN_ROW_AT ids
        each, are not read): which of a phrase's grams are rarest, without their ids."""
        known = {gram: self._sizes.get((side, gram)) for gram in grams}
        own: dict[int, list[int]] = {gram: [] for gram, size in known.items() if size is None}
        listed = list(own)
        for start in range(0, len(listed), _TERMS):
            group = listed[start:start + _TERMS]
            sql = " UNION ALL ".join(
                ["SELECT key, length(ids) / 4 FROM search_grams WHERE key BETWEEN ? AND ?"]
                * len(group))
            params = [bound for gram in group for bound in gram_range(side, gram)]
            for key, count in self.conn.execute(sql, params):
                own[(key >> CHUNK_BITS) & _GRAM_MASK].append(count)
        chunks = len(self.chunks)
        for gram, counts in own.items():
            known[gram] = _remember(self._sizes, (side, gram),
                                    sum(counts) + chunks - len(counts), _SIZES_KEPT)
            if len(counts) == chunks:
                _remember(self._everywhere_own, (side, gram), True, _SIZES_KEPT)
        return [known[gram] for gram in grams]  # type: ignore[misc]

    def chunk_counts(self, side: int, gram: int) -> dict[int, int]:
        """How many ids ``gram`` has on ``side`` in each chunk that holds any, chunk → count
        in chunk (= id) order, without reading the ids of its own rows: a concordance counts
        its hits from these and reads only the chunks of the page it shows (at 10M segments a
        common character's ids are ~14 MB; its rows' lengths are a few hundred bytes)."""
        kept = self._counts.get((side, gram))
        if kept is not None:
            return kept
        counts = {chunk_of_gram_row(key): count for key, count in self.conn.execute(
            "SELECT key, length(ids) / 4 FROM search_grams WHERE key BETWEEN ? AND ?",
            gram_range(side, gram))}
        rare = self._bucket_parts(side, gram, [c for c in self.chunks if c not in counts])
        _remember(self._rare, (side, gram), rare, _COUNTS_KEPT)
        counts.update((chunk, len(ids) // 4) for chunk, ids in rare.items())
        return _remember(self._counts, (side, gram), dict(sorted(counts.items())), _COUNTS_KEPT)

    def ids_in_chunks(self, side: int, gram: int, chunks: Sequence[int]) -> dict[int, IdList]:
        """The sorted ids of ``gram`` on ``side`` in each of ``chunks`` that holds any."""
        held = {chunk: self._cache.get((side, gram, chunk)) for chunk in sorted(set(chunks))}
        wanted = [chunk for chunk, ids in held.items() if ids is None]
        found: dict[int, bytes] = {}
        if wanted:
            keys = [gram_key(chunk, side, gram) for chunk in wanted]
            for start in range(0, len(keys), _TERMS):
                part = keys[start:start + _TERMS]
                found.update((chunk_of_gram_row(key), ids) for key, ids in self.conn.execute(
                    f"SELECT key, ids FROM search_grams WHERE key IN "
                    f"({','.join('?' * len(part))})", part))
        rest = [chunk for chunk in wanted if chunk not in found]
        rare = self._rare.get((side, gram))
        if rare is None:
            rare = self._bucket_parts(side, gram, rest)
        found.update((chunk, rare[chunk]) for chunk in rest if chunk in rare)
        for chunk in wanted:
            held[chunk] = ids = idsets.from_bytes(found.get(chunk, b""))
            self._keep((side, gram, chunk), ids)
        return {chunk: ids for chunk, ids in held.items() if len(ids)}  # type: ignore[arg-type]

    def _bucket_parts(self, side: int, gram: int, chunks: Sequence[int]) -> dict[int, bytes]:
        """The ids of ``gram`` in its bucket rows of ``chunks`` (where it is rare), by chunk."""
        wanted, bucket = gram.to_bytes(8, "little"), bucket_of_gram(gram)
        parts: dict[int, bytes] = {}
        for start in range(0, len(chunks), _TERMS):
            keys = [row_key(chunk, side, bucket) for chunk in chunks[start:start + _TERMS]]
            for key, grams, starts, ids in self.conn.execute(
                    f"SELECT key, grams, starts, ids FROM search_buckets WHERE key IN "
                    f"({','.join('?' * len(keys))}) AND instr(grams, ?)", [*keys, wanted]):
                found = slice_of_bucket(wanted, grams, starts, ids)
                if found is not None:
                    parts[chunk_of_row(key)] = found
        return parts

    def ids_of(self, side: int, grams: Sequence[int]) -> list[IdList]:
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


def _remember(kept: OrderedDict[tuple[int, ...], _V], key: tuple[int, ...], value: _V,
              most: int) -> _V:
    """Keep ``value`` under ``key``, dropping the oldest beyond ``most`` entries."""
    kept[key] = value
    while len(kept) > most:
        kept.popitem(last=False)
    return value


def slice_of_bucket(wanted: bytes, grams: bytes, starts: bytes, ids: bytes) -> bytes | None:
    """The ids of one gram in a bucket row (grams: 8-byte keys; starts: its first id's index
    per gram, in 4-byte units), or None if the row lacks it."""
    at = grams.find(wanted)
    while at > 0 and at % 8:  # a match across two grams' bytes: look further
        at = grams.find(wanted, at + 1)
    if at < 0:
        return None
    at //= 2  # index of the gram × 4: its offset in ``starts``
    first = int.from_bytes(starts[at:at + 4], "little") * 4
    end = int.from_bytes(starts[at + 4:at + 8], "little") * 4 if at + 4 < len(starts) else len(ids)
    return ids[first:end]


def joined_chunks(found: list[tuple[int, bytes]]) -> IdList:
    """One gram's ids from its chunks' rows, in id order (chunks hold increasing ids)."""
    if len(found) > 1:
        found.sort(key=lambda pair: pair[0])
    return idsets.from_bytes(b"".join([ids for _, ids in found]))

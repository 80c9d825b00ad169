"""Postings in memory until a flush turns them into search-index rows (index/writer.py writes
the rows, index/keys.py says where each posting goes).

Pure NumPy, no SQL: on a large import all of this runs in the import's worker process
(store/ingest.py), so the process that writes SQLite neither holds the postings nor sorts them.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

from ..lazy import numpy as np  # (imported when first used: tm term starts without it)
from . import keys as index_keys  # (OWN_ROW_AT read when used: tests change it)
from .keys import (
    BUCKET_BITS,
    GRAM_BITS,
    PARTITION_BITS,
    batch_grams,
    bucket_of,
    gram_key,
    row_key,
    side_gram,
)

# What the index is given for a batch of texts: (text index, gram key) postings in bucket order,
# each text's token length, and where each flush partition begins (see index_grams).
Grams = tuple["np.ndarray", "np.ndarray", "np.ndarray", "np.ndarray"]  # (numpy not imported yet)

# Postings (gram, segment) held before a flush, 12 bytes each; the flush sorts them
# 1/2^PARTITION_BITS at a time, so its peak is ~1.2x the postings (~85 MB here).
# Fewer, larger flushes mean fewer rows for a lookup to read: a million segments give ~20.
FLUSH_ENTRIES = 6_000_000
PARTS = 2 << PARTITION_BITS  # a flush's rows are made in parts: both sides' bucket ranges

try:
    _LIBC: ctypes.CDLL | None = ctypes.CDLL("libc.so.6")
    _LIBC.malloc_trim  # noqa: B018 (glibc only)
except (OSError, AttributeError):
    _LIBC = None


def index_grams(texts: list[str]) -> Grams:
    """The postings of a batch of texts in (bucket, gram, text) order, their token lengths, and
    where each flush partition begins (``2^PARTITION_BITS + 1`` bounds). Done per batch, so
    that a flush only merges presorted runs (NumPy's stable sort finds them: 4x faster than
    sorting shuffled keys) and finds a partition by its bounds."""
    local, keys, lengths = batch_grams(texts)  # sorted by gram
    buckets = bucket_of(keys).astype(np.uint16)
    order = np.argsort(buckets, kind="stable")  # a radix sort on 16 bits; ties keep gram order
    bounds = np.searchsorted(buckets[order], np.arange((1 << PARTITION_BITS) + 1)
                             << (BUCKET_BITS - PARTITION_BITS))
    return local[order], keys[order], lengths, bounds


@dataclass
class IndexRows:
    """Rows of the index's tables for one part of a flush (chunk ``chunk``)."""

    chunk: int
    grams: list[tuple[int, bytes]] = field(default_factory=list)  # search_grams (key, ids)
    # search_buckets (key, grams, starts, ids)
    buckets: list[tuple[int, bytes, bytes, bytes]] = field(default_factory=list)
    lengths: list[tuple[int, int, bytes]] = field(default_factory=list)  # search_lengths
    # which grams got rows of their own (index_keys.side_gram), so that the chunk's rows
    # can be found again when it is merged
    own: list[int] = field(default_factory=list)
    # with the last part: the chunk's first and last segment id and its number of postings
    info: tuple[int, int, int] | None = None


def release_free_memory() -> None:
    """Give the memory freed after a flush back to the system. glibc keeps freed blocks
    between live ones for reuse, and after the many arrays of a flush that is tens of MB the
    process no longer needs; malloc_trim returns those pages. Elsewhere, nothing to do."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


class PostingBuffer:
    def __init__(self) -> None:
        # per side, batch by batch in bucket order: gram keys (int64), segment ids (int32), and
        # where each partition of the buckets begins
        self._grams: dict[int, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {0: [], 1: []}
        self._lengths: list[tuple[int, int, bytes]] = []  # (side, first_id, uint16 lengths)
        self.pending = 0  # postings held
        self._ids: tuple[int, int] | None = None  # first and last segment id held

    def __bool__(self) -> bool:
        return bool(self._lengths)

    def add(self, ids: np.ndarray, source_grams: Grams, target_grams: Grams) -> None:
        """Take a batch's :func:`index_grams` of its sources and targets. ``ids[i]`` is the
        segment id of text ``i``, increasing, or -1 for a text that was not stored (a
        duplicate)."""
        kept = ids >= 0
        if not kept.any():
            return
        for side, (local, keys, _, bounds) in enumerate((source_grams, target_grams)):
            if not kept.all():
                mask = kept[local]
                local, keys = local[mask], keys[mask]
                bounds = np.r_[0, np.cumsum(mask)][bounds]  # the bounds among kept postings
            self._grams[side].append((keys, ids[local], bounds))
            self.pending += len(keys)
        stored = ids[kept]
        self._ids = (self._ids[0] if self._ids else int(stored[0]), int(stored[-1]))
        self._add_lengths(stored, source_grams[2][kept], target_grams[2][kept])

    def _add_lengths(self, ids: np.ndarray, *side_lengths: np.ndarray) -> None:
        # ids are consecutive except after skipped duplicates: store the lengths of each
        # consecutive run with its first id.
        breaks = np.nonzero(np.diff(ids) != 1)[0] + 1
        for start, end in zip(np.r_[0, breaks], np.r_[breaks, len(ids)], strict=True):
            for side, lengths in enumerate(side_lengths):
                chunk = np.minimum(lengths[start:end], 65535).astype(np.uint16)
                self._lengths.append((side, int(ids[start]), chunk.tobytes()))

    def take_part(self, chunk: int, part: int) -> IndexRows:
        """The rows of one part of what is held, as chunk ``chunk``: parts 0 … PARTS - 1 are
        each side's buckets a range at a time (a sort's temporary arrays are then a fraction of
        the postings, so a flush can hold more of them); the last part also holds the lengths,
        and leaves the buffer empty. Taken part by part, a flush never holds all its rows."""
        side, partition = divmod(part, 1 << PARTITION_BITS)
        rows = IndexRows(chunk)
        ranges = [(keys, ids, bounds[partition], bounds[partition + 1])
                  for keys, ids, bounds in self._grams[side]]
        if any(end > start for _, _, start, end in ranges):
            _part_rows(rows, side, np.concatenate([k[a:b] for k, _, a, b in ranges]),
                       np.concatenate([i[a:b] for _, i, a, b in ranges]))
        if partition == (1 << PARTITION_BITS) - 1:
            self._grams[side].clear()
        if part == PARTS - 1:
            rows.lengths, self._lengths = self._lengths, []
            if self._ids:
                rows.info = (*self._ids, self.pending)
            self.pending, self._ids = 0, None
            release_free_memory()
        return rows


def _part_rows(rows: IndexRows, side: int, grams: np.ndarray, ids: np.ndarray) -> None:
    """Add the rows of some buckets' postings: a row per frequent gram, one per bucket for the
    rest."""
    chunk = rows.chunk
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
    ids = ids.astype("<i4", copy=False)  # little-endian: index/reader.py reads bytes
    # Frequent grams: a row each.
    frequent = np.nonzero(counts >= index_keys.OWN_ROW_AT)[0]
    rows.own.extend(side_gram(side, distinct[frequent]).tolist())
    rows.grams.extend(
        (gram_key(chunk, side, g), ids[i0:i0 + n].tobytes()) for g, i0, n in zip(
            distinct[frequent].tolist(), gram_starts[frequent].tolist(),
            counts[frequent].tolist(), strict=True))
    # Rare grams: a row per bucket.
    rare = counts < index_keys.OWN_ROW_AT
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
    rows.buckets.extend(
        (base | b, distinct[g0:g1].tobytes(), (starts[g0:g1] - i0).tobytes(),
         ids[i0:i1].tobytes())
        for b, g0, g1, i0, i1 in zip(distinct_buckets[first].tolist(), first.tolist(),
                                     last.tolist(), id_first.tolist(), id_last.tolist(),
                                     strict=True))

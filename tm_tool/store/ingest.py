"""Storing a stream of segments fast: the pipeline behind :meth:`Store.import_segments`.

Per segment, an import (a) turns the Segment into a row, (b) computes what is derived from the
texts — their NFC form, the exact-match key hashes, the de-duplication key and the
search-index grams of both sides — (c) inserts the row, and (d) turns the grams, once the row
has its id, into index rows. (b) and (d) are pure computation, so on a large import they run in
a worker process on the second core, which also holds the postings between flushes, while this
process reads the file and writes SQLite: batch k is hashed and tokenised while batch k+1 is
read, and a flush's index rows are sorted out while later batches are stored. Small imports (a
few batches) do everything in-process; a worker would cost more to start than it saves.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from hashlib import blake2b
from typing import Any, Protocol

from .. import parallel
from ..errors import StoreError
from ..index.buffer import (
    FLUSH_ENTRIES,
    PARTS,
    Grams,
    IndexRows,
    PostingBuffer,
    index_grams,
    release_free_memory,
)
from ..index.writer import SegmentIndex
from ..lazy import numpy as np  # (imported when first used: tm term starts without it)
from ..text import match_keys, nfc
from .rows import DEDUP_KEY, SOURCE, SOURCE_HASH, TARGET, TARGET_HASH, dedup_key

BATCH = 5000
WORKER_AFTER = 4  # batches read before a worker process is started


def key_hash(text: str) -> int:
    """Signed 64-bit hash of a match key (fits an SQLite INTEGER)."""
    return int.from_bytes(blake2b(text.encode("utf-8"), digest_size=8).digest(), "big",
                          signed=True)


def source_key_hashes(sources: list[str]) -> list[int]:
    """What segments.source_key_hash holds: the hash of each source's match key."""
    return [key_hash(key) for key in match_keys(sources)]


def target_key_hashes(targets: list[str]) -> list[int]:
    """What segments.target_key_hash holds: the hash of each target's case-folded match key."""
    return [key_hash(key.casefold()) for key in match_keys(targets)]


class RowSink(Protocol):
    """Where the pipeline stores its finished rows (:class:`~tm_tool.store.rows.SegmentRow`
    values, as lists)."""

    def insert(self, rows: list[list]) -> np.ndarray:
        """Store the rows not stored yet: the id each got, -1 for each that was (or that an
        earlier row of ``rows`` is)."""
        ...

    def stored(self, keys: list[bytes]) -> set[bytes]:
        """Which of these de-duplication keys are stored."""
        ...


@dataclass
class Batch:
    """Rows of one document on their way through the pipeline: ``identities[i]`` is what
    besides its texts makes row i the same on re-import (rows.identity); ``legacy`` the
    identity an older tm_tool gave the rows whose language tags the file did not spell
    canonically. ``result``: the document's ImportResult, counted as the rows are stored."""

    rows: list[list]
    identities: list[str]
    legacy: dict[int, str] = field(default_factory=dict)
    result: Any = None


@dataclass
class Derived:
    """What one batch's texts give to the rows: the texts NFC normalisation changed (by row),
    the key hashes and the de-duplication keys (and the legacy ones, by row). (Their index
    grams stay where they were computed, waiting for the rows' ids: see _Indexing.)"""

    normalized: list[tuple[int, str, str]]
    source_hashes: list[int]
    target_hashes: list[int]
    dedup_keys: list[bytes]
    legacy_keys: dict[int, bytes]
    postings: int


class _Indexing(parallel.Inherited):
    """The index's side of an import, in the process that runs :func:`derive` (the worker, once
    there is one): the grams of batches whose ids are not known yet, and the postings of those
    that are."""

    def __init__(self) -> None:
        self.waiting: dict[int, tuple[Grams, Grams]] = {}
        self.buffer = PostingBuffer()


def derive(batch: int, sources: list[str], targets: list[str], identities: list[str],
           legacy: dict[int, str], indexing: _Indexing) -> Derived:
    """Everything computed from a batch's texts (runs in the worker process on large imports)."""
    nfc_sources, nfc_targets = [nfc(s) for s in sources], [nfc(t) for t in targets]
    normalized = [(i, s, t) for i, (s, t, s0, t0) in
                  enumerate(zip(nfc_sources, nfc_targets, sources, targets, strict=True))
                  if s is not s0 or t is not t0]
    # (the de-duplication key hashes the texts as the file gave them)
    dedup_keys = [dedup_key(who, s, t)
                  for who, s, t in zip(identities, sources, targets, strict=True)]
    legacy_keys = {i: dedup_key(who, sources[i], targets[i]) for i, who in legacy.items()}
    grams = indexing.waiting[batch] = (index_grams(nfc_sources), index_grams(nfc_targets))
    return Derived(normalized,
                   source_key_hashes(nfc_sources), target_key_hashes(nfc_targets),
                   dedup_keys, legacy_keys, len(grams[0][1]) + len(grams[1][1]))


def _attach(batch: int, ids: np.ndarray, indexing: _Indexing) -> None:
    """The batch's rows got these ids (-1: not stored): its postings join the buffer."""
    source_grams, target_grams = indexing.waiting.pop(batch)
    indexing.buffer.add(ids, source_grams, target_grams)


def _take_part(chunk: int, part: int, indexing: _Indexing) -> IndexRows:
    return indexing.buffer.take_part(chunk, part)


@contextlib.contextmanager
def _worker_lost() -> Iterator[None]:
    """A worker process that died (killed, out of memory) is the store's error, not a crash:
    the import's transaction is rolled back as for any other."""
    from concurrent.futures.process import BrokenProcessPool  # (heavy: only where pools run)

    try:
        yield
    except BrokenProcessPool:
        raise StoreError("the import's worker process stopped unexpectedly (killed, or out of "
                         "memory?); nothing was stored") from None


def _complete(rows: list[list], derived: Derived) -> None:
    """Fill in what :func:`derive` computed."""
    for i, source, target in derived.normalized:
        rows[i][SOURCE], rows[i][TARGET] = source, target
    for row, source_hash, target_hash, key in zip(
            rows, derived.source_hashes, derived.target_hashes, derived.dedup_keys,
            strict=True):
        row[SOURCE_HASH] = source_hash
        row[TARGET_HASH] = target_hash
        row[DEDUP_KEY] = key


def _insert(sink: RowSink, rows: list[list], legacy_keys: dict[int, bytes]) -> np.ndarray:
    """Insert the rows, but not those an older tm_tool stored under their legacy key."""
    known = sink.stored(list(legacy_keys.values())) if legacy_keys else set()
    if not known:
        return sink.insert(rows)
    old = [i for i, key in legacy_keys.items() if key in known]
    ids = np.full(len(rows), -1, dtype=np.int32)
    new = np.ones(len(rows), dtype=bool)
    new[old] = False
    ids[new] = sink.insert([row for row, keep in zip(rows, new, strict=True) if keep])
    return ids


class Pipeline:
    """Feeds batches through :func:`derive`, stores them, completed, in ``sink``, counts them
    in their batch's result, and has the index rows made and written.

    At most two batches are in flight, so memory stays flat; the postings and the sorting of a
    flush stay with :func:`derive`, in the worker process on large imports (after
    :data:`WORKER_AFTER` batches: see tm_tool/parallel.py), and the finished rows of a flush
    are written when they arrive, while later batches are read.
    """

    def __init__(self, sink: RowSink, index: SegmentIndex) -> None:
        self._sink = sink
        self._index = index
        self._indexing = _Indexing()
        self._pool = parallel.ForkPool(parallel.plan(WORKER_AFTER, most=1), self._indexing)
        self._pending: deque[tuple[int, Batch, Future[Derived]]] = deque()
        self._flushes: deque[Future[IndexRows]] = deque()
        self._attached: deque[Future[None]] = deque()  # watched only for errors
        self._batches = 0
        self._postings = 0  # postings of the batches attached since the last flush

    def add(self, batch: Batch) -> None:
        with _worker_lost():
            self._add(batch)

    def finish(self) -> None:
        """Store what is still in flight, and write the last of the index."""
        with _worker_lost():
            self._store_all()

    def _add(self, batch: Batch) -> None:
        self._batches += 1
        self._pool.tick()
        rows = batch.rows
        future = self._pool.submit(derive, self._batches, [r[SOURCE] for r in rows],
                                   [r[TARGET] for r in rows], batch.identities, batch.legacy,
                                   self._indexing)
        self._pending.append((self._batches, batch, future))
        for pending in parallel.beyond(self._pending, 1):
            self._store(*pending)
        self._collect(wait=False)

    def _store_all(self) -> None:
        for pending in parallel.beyond(self._pending, 0):
            self._store(*pending)
        if self._postings:
            self._flush()
        self._collect(wait=True)

    def _collect(self, *, wait: bool) -> None:
        """Raise what the worker's finished (or, with ``wait``, all) attach calls raised, and
        write the flush parts it has finished (or all of them)."""
        while self._attached and (wait or self._attached[0].done()):
            self._attached.popleft().result()
        wrote = False
        while self._flushes and (wait or self._flushes[0].done()):
            self._index.write(self._flushes.popleft().result())
            wrote = True
        if wrote and not self._flushes:
            release_free_memory()

    def shutdown(self) -> None:
        """Stop the worker (after :meth:`finish`, or on an error: the batches are dropped)."""
        self._pending.clear()
        self._flushes.clear()
        self._attached.clear()
        self._pool.shutdown()

    def _store(self, number: int, batch: Batch, future: Future[Derived]) -> None:
        """Store the oldest batch in flight, once :func:`derive` has completed it."""
        derived = future.result()
        _complete(batch.rows, derived)
        ids = _insert(self._sink, batch.rows, derived.legacy_keys)
        if batch.result is not None:
            added = int((ids >= 0).sum())
            batch.result.added += added
            batch.result.duplicates += len(ids) - added
        self._attached.append(self._pool.submit(_attach, number, ids, self._indexing))
        if (ids >= 0).any():  # (a flush of nothing but duplicates would be an empty chunk)
            self._postings += derived.postings
        if self._postings >= FLUSH_ENTRIES:
            self._flush()

    def _flush(self) -> None:
        # The parts are queued one after the other, so no batch joins the buffer meanwhile.
        chunk = self._index.new_chunk()
        self._flushes += [self._pool.submit(_take_part, chunk, part, self._indexing)
                          for part in range(PARTS)]
        self._postings = 0

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
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from hashlib import blake2b
from typing import Any

import numpy as np

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
from ..text import match_keys, nfc
from ..workers import worker_init

# Row layout shared with Store._row: the texts, where the key hashes go, and the last column,
# which holds the segment's identity (languages, origin, position) until its de-duplication key
# replaces it.
SOURCE, TARGET, SOURCE_HASH, TARGET_HASH, DEDUP = 0, 1, 4, 5, -1
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


@dataclass
class Derived:
    """What one batch's texts give to the rows: the texts NFC normalisation changed (by row),
    the key hashes and the de-duplication keys. (Their index grams stay where they were
    computed, waiting for the rows' ids: see _Indexing.)"""

    normalized: list[tuple[int, str, str]]
    source_hashes: list[int]
    target_hashes: list[int]
    dedup_keys: list[bytes]
    postings: int


class _Indexing:
    """The index's side of an import, in the process that runs :func:`derive`: the grams of
    batches whose ids are not known yet, and the postings of those that are."""

    def __init__(self) -> None:
        self.waiting: dict[int, tuple[Grams, Grams]] = {}
        self.buffer = PostingBuffer()


# The import's state in this process. A worker process is forked mid-import and so starts with
# the state of the batches done so far; the importing process then stops using its own copy.
_indexing = _Indexing()


def _reset() -> None:
    global _indexing
    _indexing = _Indexing()


def derive(batch: int, sources: list[str], targets: list[str], identities: list[str]
           ) -> Derived:
    """Everything computed from a batch's texts (runs in the worker process on large imports).
    ``identities`` say what besides its texts makes each segment the same on re-import."""
    nfc_sources, nfc_targets = [nfc(s) for s in sources], [nfc(t) for t in targets]
    normalized = [(i, s, t) for i, (s, t, s0, t0) in
                  enumerate(zip(nfc_sources, nfc_targets, sources, targets, strict=True))
                  if s is not s0 or t is not t0]
    # (the de-duplication key hashes the texts as the file gave them)
    dedup_keys = [blake2b(f"{who}\x1f{s}\x1f{t}".encode(), digest_size=16).digest()
                  for who, s, t in zip(identities, sources, targets, strict=True)]
    grams = _indexing.waiting[batch] = (index_grams(nfc_sources), index_grams(nfc_targets))
    return Derived(normalized,
                   source_key_hashes(nfc_sources), target_key_hashes(nfc_targets),
                   dedup_keys, len(grams[0][1]) + len(grams[1][1]))


def _attach(batch: int, ids: np.ndarray) -> None:
    """The batch's rows got these ids (-1: not stored): its postings join the buffer."""
    source_grams, target_grams = _indexing.waiting.pop(batch)
    _indexing.buffer.add(ids, source_grams, target_grams)


def _take_part(chunk: int, part: int) -> IndexRows:
    return _indexing.buffer.take_part(chunk, part)


class _InProcess(Executor):
    """An executor that runs the call at once (for small imports)."""

    def submit(self, fn: Callable, /, *args, **kwargs) -> Future:  # type: ignore[override]
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _worker_executor() -> Executor:
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _InProcess()
    # fork: the worker starts in milliseconds with tm_tool (and OpenCC's tables) loaded.
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                               initializer=worker_init, initargs=(os.getpid(),))


@contextlib.contextmanager
def _worker_lost() -> Iterator[None]:
    """A worker process that died (killed, out of memory) is the store's error, not a crash:
    the import's transaction is rolled back as for any other."""
    try:
        yield
    except BrokenProcessPool:
        raise StoreError("the import's worker process stopped unexpectedly (killed, or out of "
                         "memory?); nothing was stored") from None


class Pipeline:
    """Feeds batches of rows through :func:`derive`, hands them, completed, to ``store``, and
    has the index rows made and written.

    ``store(rows, result)`` inserts the rows, counts them in ``result`` (what was given with
    the batch: its document's ImportResult) and returns the id each got (-1 when it was
    already stored). At most two batches are in flight, so memory stays flat; the postings and the
    sorting of a flush stay with :func:`derive`, in the worker process on large imports, and the
    finished rows of a flush are written when they arrive, while later batches are read.
    """

    def __init__(self, store: Callable[[list[list], Any], np.ndarray],
                 index: SegmentIndex) -> None:
        _reset()
        self._store = store
        self._index = index
        self._executor: Executor = _InProcess()
        self._pending: deque[tuple[int, list[list], Any, Future]] = deque()
        self._flushes: deque[Future] = deque()
        self._attached: deque[Future] = deque()  # watched only for errors
        self._batches = 0
        self._postings = 0  # postings of the batches attached since the last flush

    def add(self, rows: list[list], result: Any = None) -> None:
        with _worker_lost():
            self._add(rows, result)

    def finish(self) -> None:
        """Store what is still in flight, and write the last of the index."""
        with _worker_lost():
            self._finish_all()

    def _add(self, rows: list[list], result: Any) -> None:
        self._batches += 1
        if self._batches == WORKER_AFTER:
            self._executor = _worker_executor()
        future = self._executor.submit(derive, self._batches, [r[SOURCE] for r in rows],
                                       [r[TARGET] for r in rows], [r[DEDUP] for r in rows])
        self._pending.append((self._batches, rows, result, future))
        while len(self._pending) > 1:
            self._finish()
        self._collect(wait=False)

    def _finish_all(self) -> None:
        while self._pending:
            self._finish()
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
        self._executor.shutdown(cancel_futures=True)

    def _finish(self) -> None:
        batch, rows, result, future = self._pending.popleft()
        derived = future.result()
        for i, source, target in derived.normalized:
            rows[i][SOURCE], rows[i][TARGET] = source, target
        for row, source_hash, target_hash, dedup_key in zip(
                rows, derived.source_hashes, derived.target_hashes, derived.dedup_keys,
                strict=True):
            row[SOURCE_HASH] = source_hash
            row[TARGET_HASH] = target_hash
            row[DEDUP] = dedup_key
        ids = self._store(rows, result)
        self._attached.append(self._executor.submit(_attach, batch, ids))
        if (ids >= 0).any():  # (a flush of nothing but duplicates would be an empty chunk)
            self._postings += derived.postings
        if self._postings >= FLUSH_ENTRIES:
            self._flush()

    def _flush(self) -> None:
        # The parts are queued one after the other, so no batch joins the buffer meanwhile.
        chunk = self._index.new_chunk()
        self._flushes += [self._executor.submit(_take_part, chunk, part) for part in range(PARTS)]
        self._postings = 0

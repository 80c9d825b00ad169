"""Storing a stream of segments fast: the pipeline behind :meth:`Store.import_segments`.

Per segment, an import (a) turns the Segment into a row, (b) computes what is derived from the
texts — their NFC form, the exact-match key hashes, the de-duplication key and the
search-index grams of both sides, in the order the index writes them — and (c) inserts. (b) is
pure computation on strings, so on a large import it runs in a worker process on the second
core while this process reads the file and writes SQLite: batch k is hashed and tokenised while
batch k+1 is read. Small imports (a few
batches) do everything in-process; a worker would cost more to start than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from hashlib import blake2b

import numpy as np

from ..lookup.tokens import batch_grams
from ..text import match_key, match_keys, nfc
from .layout import BUCKET_BITS, PARTITION_BITS, bucket_of

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


def source_key_hash(source: str) -> int:
    return key_hash(match_key(source))


def target_key_hash(target: str) -> int:
    return key_hash(match_key(target).casefold())


# What the index is given for a batch of texts: (text index, gram key) postings in bucket order,
# each text's token length, and where each flush partition begins (see index_grams).
Grams = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def index_grams(texts: list[str]) -> Grams:
    """The postings of a batch of texts in (bucket, gram, text) order, their token lengths, and
    where each flush partition begins (``2^PARTITION_BITS + 1`` bounds). The worker process
    does this for every batch, so that a flush only merges presorted runs (NumPy's stable sort
    finds them: 4x faster than sorting shuffled keys) and finds a partition by its bounds."""
    local, keys, lengths = batch_grams(texts)  # sorted by gram
    buckets = bucket_of(keys).astype(np.uint16)
    order = np.argsort(buckets, kind="stable")  # a radix sort on 16 bits; ties keep gram order
    bounds = np.searchsorted(buckets[order], np.arange((1 << PARTITION_BITS) + 1)
                             << (BUCKET_BITS - PARTITION_BITS))
    return local[order], keys[order], lengths, bounds



@dataclass
class Derived:
    """What one batch's texts give: the texts NFC normalisation changed (by row), the key
    hashes, the de-duplication keys, and the index grams of each side."""

    normalized: list[tuple[int, str, str]]
    source_hashes: list[int]
    target_hashes: list[int]
    dedup_keys: list[bytes]
    source_grams: Grams
    target_grams: Grams


def derive(sources: list[str], targets: list[str], identities: list[str]) -> Derived:
    """Everything computed from a batch's texts (runs in the worker process on large imports).
    ``identities`` say what besides its texts makes each segment the same on re-import."""
    nfc_sources, nfc_targets = [nfc(s) for s in sources], [nfc(t) for t in targets]
    normalized = [(i, s, t) for i, (s, t, s0, t0) in
                  enumerate(zip(nfc_sources, nfc_targets, sources, targets, strict=True))
                  if s is not s0 or t is not t0]
    # (the de-duplication key hashes the texts as the file gave them)
    dedup_keys = [blake2b(f"{who}\x1f{s}\x1f{t}".encode(), digest_size=16).digest()
                  for who, s, t in zip(identities, sources, targets, strict=True)]
    return Derived(normalized,
                   [key_hash(key) for key in match_keys(nfc_sources)],
                   [key_hash(key.casefold()) for key in match_keys(nfc_targets)],
                   dedup_keys, index_grams(nfc_sources), index_grams(nfc_targets))


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
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))


class Pipeline:
    """Feeds batches of rows through :func:`derive` and hands them, completed, to ``store``.

    ``store(rows, derived)`` inserts the rows (their key hashes filled in) and indexes them.
    At most two batches are in flight, so memory stays flat.
    """

    def __init__(self, store: Callable[[list[list], Derived], None]) -> None:
        self._store = store
        self._executor: Executor = _InProcess()
        self._pending: deque[tuple[list[list], Future]] = deque()
        self._batches = 0

    def add(self, rows: list[list]) -> None:
        self._batches += 1
        if self._batches == WORKER_AFTER:
            self._executor = _worker_executor()
        future = self._executor.submit(derive, [r[SOURCE] for r in rows],
                                       [r[TARGET] for r in rows], [r[DEDUP] for r in rows])
        self._pending.append((rows, future))
        while len(self._pending) > 1:
            self._finish()

    def finish(self) -> None:
        """Store what is still in flight."""
        while self._pending:
            self._finish()

    def shutdown(self) -> None:
        """Stop the worker (after :meth:`finish`, or on an error: the batches are dropped)."""
        self._pending.clear()
        self._executor.shutdown(cancel_futures=True)

    def _finish(self) -> None:
        rows, future = self._pending.popleft()
        derived = future.result()
        for i, source, target in derived.normalized:
            rows[i][SOURCE], rows[i][TARGET] = source, target
        for row, source_hash, target_hash, dedup_key in zip(
                rows, derived.source_hashes, derived.target_hashes, derived.dedup_keys,
                strict=True):
            row[SOURCE_HASH] = source_hash
            row[TARGET_HASH] = target_hash
            row[DEDUP] = dedup_key
        self._store(rows, derived)


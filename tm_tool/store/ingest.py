"""Storing a stream of segments fast: the pipeline behind :meth:`Store.import_segments`.

Per segment, an import (a) turns the Segment into a row, (b) computes what is derived from the
texts — the exact-match key hashes and the search-index grams of both sides — and (c) inserts.
(b) is pure computation on strings and costs as much as (a) and (c) together, so on a large
import it runs in a worker process on the second core while this process reads the file and
writes SQLite: batch k is hashed and tokenised while batch k+1 is read. Small imports (a few
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
from ..text import match_key, match_keys

# Row layout shared with Store._row: where the two key hashes go.
SOURCE_HASH, TARGET_HASH = 4, 5
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


Grams = tuple[np.ndarray, np.ndarray, np.ndarray]  # what lookup.tokens.batch_grams returns


@dataclass
class Derived:
    """What one batch's texts give: key hashes and the index grams of each side."""

    source_hashes: list[int]
    target_hashes: list[int]
    source_grams: Grams
    target_grams: Grams


def derive(sources: list[str], targets: list[str]) -> Derived:
    """Key hashes and grams of a batch (runs in the worker process on large imports)."""
    return Derived([key_hash(key) for key in match_keys(sources)],
                   [key_hash(key.casefold()) for key in match_keys(targets)],
                   batch_grams(sources), batch_grams(targets))


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
        future = self._executor.submit(derive, [r[0] for r in rows], [r[1] for r in rows])
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
        for row, source_hash, target_hash in zip(rows, derived.source_hashes,
                                                 derived.target_hashes, strict=True):
            row[SOURCE_HASH] = source_hash
            row[TARGET_HASH] = target_hash
        self._store(rows, derived)


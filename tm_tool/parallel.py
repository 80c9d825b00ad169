"""Forked worker processes for the two pipelines: the import (store/ingest.py) and the unit
checks (checks/pool.py).

Both work the same way. They start in this process and fork workers only once the input has
shown itself large: forking costs more than it saves on a few batches. The workers are forked
(never spawned), so they start in milliseconds with tm_tool loaded and with the state the
pipeline built before the fork: an :class:`Inherited` object (the import's postings, the
checks' compiled glossary) is not pickled when a call names it, the worker uses its own copy.
Each pipeline keeps at most a few batches in flight (:func:`beyond`), so memory stays flat.

How many workers, and when, is decided by :func:`plan`, and can be forced with the
``TM_WORKERS`` environment variable:

* unset or empty: workers only on a machine with 2 or more CPUs, once the pipeline's
  threshold is read (one worker per CPU for the checks; one for the import, whose second half
  is a single process);
* ``TM_WORKERS=1`` (or ``0``): never fork, everything runs in this process;
* ``TM_WORKERS=N`` (N ≥ 2): fork at the first batch, whatever the input's size or the number
  of CPUs: N workers for the checks, one for the import. The tests use it to take each path.

A pipeline's own ``jobs`` argument, when given, overrides ``TM_WORKERS``.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future  # (light: ProcessPoolExecutor is not)
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .errors import UsageError
from .workers import worker_init

WORKERS_ENV = "TM_WORKERS"
T = TypeVar("T")


@dataclass(frozen=True)
class Plan:
    """How a pipeline runs: ``workers`` processes (0: none, all in-process), forked once
    ``after`` units of its input (batches, segments: the pipeline's choice) are read."""

    workers: int
    after: int


def _forced() -> int | None:
    value = os.environ.get(WORKERS_ENV, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise UsageError(f"{WORKERS_ENV} must be a number of worker processes, not {value!r}")
    return int(value)


def can_fork() -> bool:
    import multiprocessing  # (here: a lookup, which never forks, starts without it)

    return "fork" in multiprocessing.get_all_start_methods()


def plan(after: int, *, jobs: int | None = None, most: int | None = None) -> Plan:
    """The plan of a pipeline that would fork after ``after`` units: ``jobs`` processes if
    given, else as ``TM_WORKERS`` says, else one per CPU; at most ``most``."""
    forced = _forced() if jobs is None else None
    if jobs is not None:
        workers = jobs
    elif forced is not None:
        workers = forced
    else:
        workers = os.cpu_count() or 1
    if workers < 2 or not can_fork():
        return Plan(0, after)
    return Plan(min(workers, most or workers), 0 if forced else after)


# State built before the fork, by id: pickled, an Inherited object is its id, and unpickled in
# a worker, the worker's own copy of it (forked with this dict).
_INHERITED: dict[int, Inherited] = {}


def _inherited(key: int) -> Inherited:
    return _INHERITED[key]


class Inherited:
    """Base class of a pipeline's state that its workers use. Pass the object to
    :class:`ForkPool`, and as an argument of the calls it runs: before the fork the calls use
    this process's object, after it each worker's copy (so the pipeline stops using its own)."""

    def __reduce__(self) -> tuple[Callable[[int], Inherited], tuple[int]]:
        return _inherited, (id(self),)


class PerProcess(Inherited, Generic[T]):
    """Something each process makes for itself, once: this process's own until the fork, then
    each worker's (an SQLite connection must never cross a fork)."""

    def __init__(self, make: Callable[[], T], mine: T | None = None) -> None:
        self._make = make
        self._held: dict[int, T] = {} if mine is None else {os.getpid(): mine}

    def get(self) -> T:
        pid = os.getpid()
        if pid not in self._held:  # (a worker: the forked copy of the parent's is not used)
            self._held = {pid: self._make()}
        return self._held[pid]


class _InProcess(Executor):
    """An executor that runs the call at once."""

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[override]
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _pid() -> int:
    return os.getpid()


class ForkPool:
    """Runs calls in this process until the plan's threshold is reached (:meth:`tick`), then
    in forked workers. ``forked`` is called once no more processes will be forked (the workers
    run, or there will be none: :meth:`settle`): only then may the caller start threads, since
    forking while another thread holds a lock can leave the child waiting on it forever."""

    def __init__(self, plan: Plan, state: Inherited | None = None,
                 forked: Callable[[], None] = lambda: None) -> None:
        self.plan = plan
        self.worker: int | None = None  # a worker's process id, once they run
        self._state = state
        self._forked: Callable[[], None] | None = forked
        self._read = 0
        self._executor: Executor = _InProcess()

    @property
    def running(self) -> bool:
        return self.worker is not None

    def tick(self, count: int = 1) -> bool:
        """``count`` more units of input were read: fork when the plan says. True once the
        workers run."""
        self._read += count
        if self.worker is None and self.plan.workers and self._read >= self.plan.after:
            self.start()
        return self.running

    def start(self) -> None:
        """Fork the plan's workers now (nothing, if it has none)."""
        if self.worker is not None or not self.plan.workers:
            self.settle()
            return
        if self._state is not None:
            _INHERITED[id(self._state)] = self._state
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(
            self.plan.workers, mp_context=multiprocessing.get_context("fork"),
            initializer=worker_init, initargs=(os.getpid(),))
        self._executor = executor
        # With fork, the pool starts all its workers at the first call.
        self.worker = executor.submit(_pid).result()
        self.settle()

    def settle(self) -> None:
        """No (more) workers will be forked: tell the caller, once."""
        if self._forked is not None:
            forked, self._forked = self._forked, None
            forked()

    def submit(self, fn: Callable[..., T], /, *args: Any) -> Future[T]:
        return self._executor.submit(fn, *args)

    def shutdown(self) -> None:
        """Stop the workers; calls not started yet are dropped."""
        self._executor.shutdown(cancel_futures=True)
        if self._state is not None:
            _INHERITED.pop(id(self._state), None)

    def __enter__(self) -> ForkPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


def beyond(queue: deque[T], limit: int) -> Iterator[T]:
    """Take the oldest items off ``queue`` while it holds more than ``limit`` (the caller
    waits for each: that is what keeps at most ``limit`` batches in flight)."""
    while len(queue) > limit:
        yield queue.popleft()


def map_in_order(pool: ForkPool, fn: Callable[[Any, list], T], state: Inherited,
                 chunks: Iterable[list], in_flight: int) -> Iterator[T]:
    """``fn(state, chunk)`` of every chunk, in order, at most ``in_flight`` chunks ahead of
    the one the caller is given; each chunk counts as read (:meth:`ForkPool.tick`)."""
    pending: deque[Future[T]] = deque()
    for chunk in chunks:
        pool.tick(len(chunk))
        pending.append(pool.submit(fn, state, chunk))
        for future in beyond(pending, in_flight):
            yield future.result()
    while pending:
        yield pending.popleft().result()

"""Unit checks on every core: batches of units go to forked worker processes.

Unit checks are independent per unit, so a million-segment TM is checked by ``os.cpu_count()``
workers while this process reads the units. Workers are forked after the glossary is compiled,
so they start with it. Units travel as plain tuples and findings come back as tuples (pickling
dataclasses costs several times more), at most a few batches in flight so memory stays flat.
Small inputs are checked in-process: forking costs more than it saves there.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from operator import attrgetter

from .. import parallel
from ..model import Segment
from .base import Context, Finding, Unit, UnitCheck

BATCH = 2000
PARALLEL_AFTER = 5 * BATCH  # units read before workers are started

# A unit travels as its Segment's fields, all of them (so workers check what the serial path
# checks), and its file.
UnitRow = tuple
_segment_fields = attrgetter(*(f.name for f in dataclasses.fields(Segment)))


def _unit_row(unit: Unit) -> UnitRow:
    return (*_segment_fields(unit.segment), unit.file)


def _unit(row: UnitRow) -> Unit:
    return Unit(Segment(*row[:-1]), row[-1])


class _Job(parallel.Inherited):
    """What the workers need: set up before the fork, inherited by them."""

    def __init__(self, checks: list[UnitCheck], context: Context, wanted: frozenset[str]
                 ) -> None:
        self.checks, self.context, self.wanted = checks, context, wanted


def check_unit(unit: Unit, checks: list[UnitCheck], context: Context,
               wanted: frozenset[str]) -> list[Finding]:
    findings = [f for check in checks for f in check.check(unit, context) if f.check in wanted]
    context.notes.pop(id(unit), None)
    return findings


def _check_rows(rows: list[UnitRow], job: _Job) -> list[tuple]:
    # (a Finding's fields in order: Finding(*values) rebuilds it)
    return [tuple(f.__dict__.values()) for row in rows
            for f in check_unit(_unit(row), job.checks, job.context, job.wanted)]


def run_unit_checks(units: Iterable[Unit], checks: list[UnitCheck], context: Context,
                    wanted: frozenset[str], on_unit: Callable[[Unit], None],
                    jobs: int | None = None,
                    forked: Callable[[], None] = lambda: None) -> Iterator[Finding]:
    """Findings of ``checks`` on every unit (``on_unit`` sees each unit as it is read).

    ``jobs``: worker processes (default: tm_tool/parallel.py's plan). ``forked`` is called once
    no more processes will be forked (the workers are running, or none are needed): only then
    may the caller start threads, since forking a process while another thread holds a lock
    can leave the child waiting on it forever.
    """
    job = _Job(checks, context, wanted)
    with parallel.ForkPool(parallel.plan(PARALLEL_AFTER, jobs=jobs), job, forked) as pool:
        if not pool.plan.workers:
            pool.settle()
            for unit in units:
                on_unit(unit)
                yield from check_unit(unit, checks, context, wanted)
            return
        iterator = iter(units)
        head = _head(iterator, on_unit, pool)
        if not pool.running:  # small inputs: in-process
            pool.settle()
            for unit in head:
                yield from check_unit(unit, checks, context, wanted)
            return
        yield from _in_workers(pool, job, head, iterator, on_unit)


def _head(iterator: Iterator[Unit], on_unit: Callable[[Unit], None], pool: parallel.ForkPool
          ) -> list[Unit]:
    """The units read until the pool forks its workers (all of them, on a small input)."""
    head: list[Unit] = []
    for unit in iterator:
        on_unit(unit)
        head.append(unit)
        if pool.tick():
            break
    return head


def _in_workers(pool: parallel.ForkPool, job: _Job, head: list[Unit],
                iterator: Iterator[Unit], on_unit: Callable[[Unit], None]
                ) -> Iterator[Finding]:
    pending: deque[Future[list[tuple]]] = deque()
    try:
        pending.append(pool.submit(_check_rows, [_unit_row(u) for u in head], job))
        batch = []
        for unit in iterator:
            on_unit(unit)
            batch.append(_unit_row(unit))
            if len(batch) >= BATCH:
                pending.append(pool.submit(_check_rows, batch, job))
                batch = []
                for future in parallel.beyond(pending, 2 * pool.plan.workers):
                    yield from (Finding(*row) for row in future.result())
        if batch:
            pending.append(pool.submit(_check_rows, batch, job))
        for future in parallel.beyond(pending, 0):
            yield from (Finding(*row) for row in future.result())
    finally:
        for future in pending:
            future.cancel()

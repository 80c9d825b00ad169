"""Unit checks on every core: batches of units go to forked worker processes.

Unit checks are independent per unit, so a million-segment TM is checked by ``os.cpu_count()``
workers while this process reads the units. Workers are forked after the glossary is compiled,
so they start with it. Units travel as plain tuples and findings come back as tuples (pickling
dataclasses costs several times more), at most a few batches in flight so memory stays flat.
Small inputs are checked in-process: forking costs more than it saves there.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from ..model import Segment
from ..workers import worker_init
from .base import Context, Finding, Unit, UnitCheck

BATCH = 2000
PARALLEL_AFTER = 5 * BATCH  # units read before workers are started

# What a worker needs, set in this process before the fork (workers inherit it).
_job: tuple[list[UnitCheck], Context, frozenset[str]] | None = None

UnitRow = tuple  # see _unit_row


def _unit_row(unit: Unit) -> UnitRow:
    s = unit.segment
    return (s.source, s.target, s.source_lang, s.target_lang, s.source_markup, s.target_markup,
            s.unit_id, s.line, s.id, unit.file)


def _unit(row: UnitRow) -> Unit:
    source, target, source_lang, target_lang, source_markup, target_markup, unit_id, line, \
        seg_id, file = row
    return Unit(Segment(source=source, target=target, source_lang=source_lang,
                        target_lang=target_lang, source_markup=source_markup,
                        target_markup=target_markup, unit_id=unit_id, line=line, id=seg_id),
                file)


def check_unit(unit: Unit, checks: list[UnitCheck], context: Context,
               wanted: frozenset[str]) -> list[Finding]:
    findings = [f for check in checks for f in check.check(unit, context) if f.check in wanted]
    context.notes.pop(id(unit), None)
    return findings


def _check_rows(rows: list[UnitRow]) -> list[tuple]:
    assert _job is not None
    checks, context, wanted = _job
    # (a Finding's fields in order: Finding(*values) rebuilds it)
    return [tuple(f.__dict__.values()) for row in rows
            for f in check_unit(_unit(row), checks, context, wanted)]


def run_unit_checks(units: Iterable[Unit], checks: list[UnitCheck], context: Context,
                    wanted: frozenset[str], on_unit: Callable[[Unit], None],
                    jobs: int | None = None,
                    forked: Callable[[], None] = lambda: None) -> Iterator[Finding]:
    """Findings of ``checks`` on every unit (``on_unit`` sees each unit as it is read).

    ``forked`` is called once no more processes will be forked (the workers are running, or
    none are needed): only then may the caller start threads, since forking a process while
    another thread holds a lock can leave the child waiting on it forever.
    """
    global _job
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        forked()
        for unit in units:
            on_unit(unit)
            yield from check_unit(unit, checks, context, wanted)
        return
    iterator = iter(units)
    head: list[Unit] = []
    for unit in iterator:  # small inputs: in-process
        on_unit(unit)
        head.append(unit)
        if len(head) >= PARALLEL_AFTER:
            break
    else:
        forked()
        for unit in head:
            yield from check_unit(unit, checks, context, wanted)
        return
    _job = (checks, context, wanted)
    pending: deque[Future] = deque()
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                             initializer=worker_init, initargs=(os.getpid(),)) as pool:
        try:
            # With fork, the pool starts all its workers at the first submit.
            pending.append(pool.submit(_check_rows, [_unit_row(u) for u in head]))
            forked()
            batch = []
            for unit in iterator:
                on_unit(unit)
                batch.append(_unit_row(unit))
                if len(batch) >= BATCH:
                    pending.append(pool.submit(_check_rows, batch))
                    batch = []
                    while len(pending) > 2 * jobs:
                        yield from (Finding(*row) for row in pending.popleft().result())
            if batch:
                pending.append(pool.submit(_check_rows, batch))
            while pending:
                yield from (Finding(*row) for row in pending.popleft().result())
        finally:
            _job = None
            for future in pending:
                future.cancel()

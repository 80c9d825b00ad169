"""Checks on every core: tasks go to forked worker processes, findings come back encoded.

Unit checks are independent per unit, so a million-segment TM is checked by ``os.cpu_count()``
workers. Workers are forked after the glossary is compiled, so they start with it. A task is
a batch of units (from files: sent as plain tuples), a range of a TM's ids (the worker reads
them on its own connection: nothing is sent but two numbers) or a chunk of consistency groups
(ids whose segments the worker reads). A worker returns its findings already encoded as the
report's lines (spill.Batch), so this process only appends them to the report's file; at most
a few tasks are in flight, so memory stays flat. Small inputs are checked in-process: forking
costs more than it saves there.
"""

from __future__ import annotations

import dataclasses
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

from .. import parallel
from ..model import Segment
from ..store import Store
from .base import Context, Finding, GroupCheck, Unit, UnitCheck
from .spill import Batch
from .suppressions import Suppressions
from .untranslated import UntranslatedCheck

BATCH = 2000
PARALLEL_AFTER = 5 * BATCH  # units read before workers are started

# A unit travels as its Segment's fields, all of them (so workers check what the serial path
# checks), and its file.
UnitRow = tuple
_segment_fields = attrgetter(*(f.name for f in dataclasses.fields(Segment)))


def unit_row(unit: Unit) -> UnitRow:
    return (*_segment_fields(unit.segment), unit.file)


def _unit(row: UnitRow) -> Unit:
    return Unit(Segment(*row[:-1]), row[-1])


@dataclass(frozen=True)
class IdRange:
    """The TM's segments with ids first..last: ``rows`` of them."""

    first: int
    last: int
    rows: int

    def __len__(self) -> int:
        return self.rows


@dataclass(frozen=True)
class GroupChunk:
    """Whole consistency groups: ``ids`` of the segments, ordered by the key they are grouped
    on (``side``: "source" groups by the source's key hash, "target" by the target's)."""

    side: str
    ids: list[int]
    keys: list[tuple[int, int]]  # each id's (source, target) key hash

    def __len__(self) -> int:
        return 0  # (not units read: the unit checks count those)


class Job(parallel.Inherited):
    """What the workers need: set up before the fork, inherited by them."""

    def __init__(self, checks: list[UnitCheck], context: Context, wanted: frozenset[str],
                 rules: Suppressions | None = None, db_path: str | None = None,
                 group_checks: Sequence[GroupCheck] = ()) -> None:
        self.checks, self.context, self.wanted = checks, context, wanted
        self.rules = rules
        self.group_checks = list(group_checks)
        self.store = parallel.PerProcess(lambda: Store.open(db_path)) if db_path else None
        # a TM's unit tasks send back their segments' key hashes too (Batch.keys): the
        # consistency checks' conflicting groups are found from them, not by another query
        self.want_keys = False

    def mark(self, findings: Iterable[Finding]) -> Iterator[Finding]:
        """The findings, those the reviewers accepted marked so."""
        for finding in findings:
            if self.rules is not None and self.rules.rows:
                rule = self.rules.covering(finding)
                if rule is not None:
                    finding.suppressed = rule.reason
            yield finding

    def encode(self, findings: Iterable[Finding], units: int = 0) -> Batch:
        return Batch(units=units).extend(self.mark(findings))


def check_unit(unit: Unit, checks: list[UnitCheck], context: Context,
               wanted: frozenset[str]) -> list[Finding]:
    """The findings of one unit (as :func:`check_units` finds them in a batch)."""
    findings = [f for check in checks for f in check.check(unit, context) if f.check in wanted]
    context.notes.pop(id(unit), None)
    if len(findings) > 1 and any(f.check == "untranslated" for f in findings):
        findings = [f for f in findings if f.check == "untranslated"]
    return findings


def check_units(units: Iterable[Unit], job: Job) -> Batch:
    """The findings of a batch of units, check by check (the report is by check, then unit).

    An untranslated unit is one mistake: its other findings (the source's punctuation in a
    copied target, the copy's numbers…) follow from it, so the other checks skip it."""
    units = list(units)
    batch = Batch(units=len(units))
    skip: set[int] = set()
    context, wanted = job.context, job.wanted
    for check in sorted(job.checks, key=lambda c: not isinstance(c, UntranslatedCheck)):
        if isinstance(check, UntranslatedCheck):
            for i, unit in enumerate(units):
                found = [f for f in check.check(unit, context) if f.check in wanted]
                if found:
                    skip.add(i)
                    batch.extend(job.mark(found))
            continue
        batch.extend(job.mark(f for f in check.check_batch(units, context, skip)
                              if f.check in wanted))
    context.notes.clear()
    return batch


def run_task(job: Job, task: list[UnitRow] | IdRange | GroupChunk) -> Batch:
    """One task, in whichever process runs it."""
    if isinstance(task, IdRange):
        assert job.store is not None
        rows = job.store.get().keyed_segments_between(task.first, task.last)
        if not job.want_keys:
            return check_units((Unit(s) for s, _, _ in rows), job)
        keys = array("q")
        batch = check_units((_keyed(s, source, target, keys) for s, source, target in rows),
                            job)
        batch.keys = keys
        return batch
    if isinstance(task, GroupChunk):
        assert job.store is not None
        return job.encode(group_findings(job, task))
    return check_units(map(_unit, task), job)


def _keyed(segment: Segment, source: int, target: int, keys: array) -> Unit:
    keys.extend((segment.id, source, target))
    return Unit(segment)


def group_findings(job: Job, chunk: GroupChunk) -> Iterator[Finding]:
    store = job.store.get() if job.store is not None else None
    assert store is not None
    by_id = store.checked_segments(chunk.ids)
    units = [Unit(by_id[i], keys=keys) for i, keys in zip(chunk.ids, chunk.keys, strict=True)
             if i in by_id]
    for check in job.group_checks:
        yield from (f for f in check.check_side(units, chunk.side, job.context)
                    if f.check in job.wanted)


def tasks_in_workers(pool: parallel.ForkPool, job: Job,
                     tasks: Iterable[list[UnitRow] | IdRange | GroupChunk]) -> Iterator[Batch]:
    """The batches of every task, in order, at most two per worker in flight."""
    return parallel.map_in_order(pool, run_task, job, tasks, 2 * max(pool.plan.workers, 1))


def unit_batches(units: Iterable[Unit], job: Job, jobs: int | None,
                 on_unit: Callable[[Unit], None]) -> Iterator[Batch]:
    """The batches of the unit checks on ``units`` (``on_unit`` sees each unit as it is read):
    in-process until the input has shown itself large, then in forked workers."""
    with parallel.ForkPool(parallel.plan(PARALLEL_AFTER, jobs=jobs), job) as pool:
        if not pool.plan.workers:
            pool.settle()
            for rows in _batches(units, on_unit, BATCH):
                yield check_units(rows, job)
            return
        head: list[Unit] = []
        iterator = iter(units)
        for unit in iterator:
            on_unit(unit)
            head.append(unit)
            if pool.tick():
                break
        if not pool.running:  # small inputs: in-process
            pool.settle()
            for start in range(0, len(head), BATCH):
                yield check_units(head[start:start + BATCH], job)
            return
        rows = ([unit_row(u) for u in batch] for batch in _batches(iterator, on_unit, BATCH))
        yield from tasks_in_workers(pool, job, chain([[unit_row(u) for u in head]], rows))


def _batches(units: Iterable[Unit], on_unit: Callable[[Unit], None], size: int
             ) -> Iterator[list[Unit]]:
    batch: list[Unit] = []
    for unit in units:
        on_unit(unit)
        batch.append(unit)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch

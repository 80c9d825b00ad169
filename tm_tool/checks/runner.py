"""Running the checks: over units (what ``check_files`` calls) or a whole TM (``check_store``)."""

from __future__ import annotations

import gc
import json
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from .. import parallel
from ..errors import UsageError
from ..model import Concept
from ..store import Store
from ..termmatch import Termbase
from . import suppressions as suppression_file
from .base import REFERENCE, SEVERITIES, Context, Finding, GroupCheck, Unit, UnitCheck
from .pool import BATCH, PARALLEL_AFTER, GroupChunk, IdRange, Job, tasks_in_workers, unit_batches
from .registry import ALL_CHECKS, CODES
from .spill import ACTIVE, Batch, FindingSpill, decode, split
from .suppressions import Suppression, Suppressions

FAIL_LEVELS = {"error": 0, "warning": 1, "info": 2}
FAIL_ON = (*FAIL_LEVELS, "never")  # what Report.fails takes


@dataclass
class Report:
    """What a check run found. The findings are on disk (spill.py), in the report's order: by
    check, file and unit; the report writers (report/) read them one at a time, by check."""

    spill: FindingSpill
    units: int
    checks: list[str]
    sources: list[str] = field(default_factory=list)  # the files (or the database) checked
    accepted: list[Suppression] = field(default_factory=list)  # added by this run's --accept

    def sections(self, show_suppressed: bool = False
                 ) -> Iterator[tuple[str, int, Iterator[tuple[bool, bytes]]]]:
        """(check, how many, (suppressed, the finding's JSON) of each) of every check with
        findings to show, in the report's order."""
        for check in self.checks:
            count = self.spill.count(check, suppressed=show_suppressed)
            if count:
                yield check, count, (split(line) for line in self.spill.lines(check)
                                     if show_suppressed or line[:1] == ACTIVE)

    def iter_findings(self, show_suppressed: bool = True) -> Iterator[Finding]:
        for _, _, entries in self.sections(show_suppressed):
            yield from (decode(data) for _, data in entries)

    @property
    def findings(self) -> list[Finding]:
        """Every finding, accepted ones included (all in memory: for small reports)."""
        return list(self.iter_findings())

    @property
    def active(self) -> list[Finding]:
        return list(self.iter_findings(show_suppressed=False))

    def count(self, *, show_suppressed: bool = False) -> int:
        return sum(self.spill.count(c, suppressed=show_suppressed) for c in self.checks)

    def summary(self) -> dict:
        active = {c: self.spill.count(c) for c in self.checks if self.spill.count(c)}
        findings = sum(active.values())
        return {
            "units": self.units,
            "findings": findings,  # mistakes: a consistency group is one
            "units_affected": len(self.spill.affected),
            "suppressed": self.count(show_suppressed=True) - findings,
            "by_severity": {s: sum(n for c, n in active.items() if CODES[c] == s)
                            for s in SEVERITIES},
            "by_check": dict(sorted(active.items())),
            "checks": self.checks,
            "checked": self.sources,
        }

    def fails(self, fail_on: str) -> bool:
        """Whether a finding of severity ``fail_on`` (one of FAIL_ON) or worse remains."""
        if fail_on == "never":
            return False
        limit = FAIL_LEVELS[fail_on]
        return any(FAIL_LEVELS[CODES[c]] <= limit and self.spill.count(c) for c in self.checks)

    def accept(self, rules: Suppressions, spec: str, reason: str) -> list[Suppression]:
        """Accept the findings ``spec`` names (UNIT:CHECK[:TERM], see suppressions.accept)
        into ``rules`` and mark them accepted here too. Returns the rows added."""
        unit = suppression_file.parse_spec(spec, CODES)[0]
        needle = b'"unit": ' + json.dumps(unit, ensure_ascii=False).encode()
        in_unit = [f for f in (decode(split(line)[1]) for c in self.checks
                               for line in self.spill.lines(c) if needle in line)
                   if f.unit == unit]
        new = suppression_file.accept(rules, in_unit, spec, reason, CODES)
        job = Job([], Context(Termbase([])), frozenset(), rules)
        spill = FindingSpill()
        for check in self.checks:
            batch = Batch()
            for line in self.spill.lines(check):
                batch.extend(job.mark([decode(split(line)[1])]))
            spill.add(batch)
        self.spill.close()
        spill.units, self.spill = self.spill.units, spill
        return new


def select(codes: Sequence[str] | None) -> list[str]:
    if not codes:
        return list(CODES)
    unknown = [c for c in codes if c not in CODES]
    if unknown:
        raise UsageError(f"unknown check {', '.join(unknown)} (known: {', '.join(CODES)})")
    return list(codes)


@dataclass
class _Plan:
    """The checks a run makes, compiled once."""

    wanted: frozenset[str]
    context: Context
    unit_checks: list[UnitCheck]
    group_checks: list[GroupCheck]

    @classmethod
    def of(cls, codes: Sequence[str] | None, concepts: Iterable[Concept], src: str, tgt: str
           ) -> _Plan:
        wanted = frozenset(select(codes))
        return cls(wanted, Context(Termbase(concepts, src=src, tgt=tgt)),
                   [c() for c in ALL_CHECKS if issubclass(c, UnitCheck) and wanted & set(c.codes)],
                   [c() for c in ALL_CHECKS if issubclass(c, GroupCheck)
                    and wanted & set(c.codes)])

    @property
    def checks(self) -> list[str]:
        return [code for code in CODES if code in self.wanted]


# The collector's thresholds during a check run (Python's default: 700, 10, 10). A run makes
# millions of short-lived objects (units, term hits, numbers, findings) and keeps few, so the
# default collected ~1,250 times per 100,000 units, full collections included, and spent
# 0.85 of 10.1 s of CPU there (gc.callbacks, in-process, the inherited objects frozen as in a
# worker); with these, 0.02-0.03 s in ~80 collections. What a run frees in cycles (little)
# waits at most 50,000 allocations longer.
_GC_THRESHOLDS = (50_000, 20, 100)


@contextmanager
def _collecting_less() -> Iterator[None]:
    """The collector's thresholds raised for a check run (the workers forked within it
    inherit them), set back after."""
    before = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@_collecting_less()
def run_checks(
    units: Iterable[Unit],
    concepts: Iterable[Concept],
    *,
    codes: Sequence[str] | None = None,
    reference: Iterable[Unit] = (),
    src: str = "zh",
    tgt: str = "en",
    jobs: int | None = None,
    suppressions: Suppressions | None = None,
) -> Report:
    """Check ``units`` against the glossary ``concepts``.

    ``reference`` units (the TM, with --with-tm) take part in the consistency checks only;
    findings are reported for ``units``, which the consistency checks see all at once (held
    in memory: a TM is checked by :func:`run_store_checks` instead). ``jobs``: worker
    processes for the unit checks (default: one per core, for large inputs).
    ``suppressions``: the findings reviewers accepted are marked so.
    """
    plan = _Plan.of(codes, concepts, src, tgt)
    job = Job(plan.unit_checks, plan.context, plan.wanted, suppressions)
    kept: list[Unit] = []
    count = 0

    def on_unit(unit: Unit) -> None:
        nonlocal count
        count += 1
        if plan.group_checks:
            kept.append(unit)

    spill = FindingSpill()
    for batch in unit_batches(units, job, jobs, on_unit):
        spill.add(batch)
    if plan.group_checks:
        everything = [*kept, *(Unit(u.segment, REFERENCE) for u in reference)]
        spill.add(job.encode(f for check in plan.group_checks
                             for f in check.check_all(everything, plan.context)
                             if f.check in plan.wanted and f.file != REFERENCE))
    spill.units = count
    return Report(spill, count, plan.checks)


@_collecting_less()
def run_store_checks(
    store: Store,
    concepts: Iterable[Concept],
    *,
    codes: Sequence[str] | None = None,
    jobs: int | None = None,
    suppressions: Suppressions | None = None,
) -> Report:
    """Check every segment of ``store`` (a database file, not ``:memory:``).

    Workers read ranges of ids on their own connections, and send back each segment's key
    hashes with its findings; the consistency checks then see only the segments of
    conflicting groups (found from those hashes), a chunk of whole groups at a time. Memory
    stays flat whatever the size of the TM (the hashes: 24 bytes a segment).
    """
    plan = _Plan.of(codes, concepts, "zh", "en")
    job = Job(plan.unit_checks, plan.context, plan.wanted, suppressions, store.path,
              plan.group_checks)
    forks = parallel.plan(PARALLEL_AFTER, jobs=jobs)
    if forks.after and store.count_segments() < forks.after:
        forks = parallel.Plan(0, 0)  # small: in-process
    sides = [side for side, code in (("source", "inconsistent-target"),
                                     ("target", "inconsistent-source"))
             if plan.group_checks and code in plan.wanted]
    spill = FindingSpill()
    job.want_keys = bool(sides)
    keys = array("q")  # (id, source hash, target hash) of every segment, from the unit tasks
    gc.freeze()  # what the workers inherit (the compiled glossary) is never collected there
    with parallel.ForkPool(forks, job) as pool:
        pool.start()
        gc.unfreeze()
        ranges = (IdRange(first, last, rows) for first, last, rows in store.id_ranges(BATCH))
        for batch in tasks_in_workers(pool, job, ranges):
            if batch.keys is not None:
                keys.extend(batch.keys)
                batch.keys = None
            spill.add(batch)
        if sides:
            conflicts = conflicting(keys)
            del keys  # (24 bytes a segment; the conflicts are copies)
            chunks = (chunk for side in sides for chunk in group_chunks(conflicts, side))
            for batch in tasks_in_workers(pool, job, chunks):
                spill.add(batch)
    return Report(spill, spill.units, plan.checks)


def conflicting(keys: array) -> Keys:
    """(ids, source key hashes, target key hashes) of the segments of conflicting groups, in
    id order, from every segment's (id, source hash, target hash) (one flat array): those
    whose source hash has two target hashes or more, or whose target hash has two source
    hashes or more (what Store.conflicting_keys selects, without another pass over the
    table: a scan and two GROUP BYs in SQLite, ~10 s of this process's CPU at 1M). A few
    arrays of 8 bytes a segment at a time: ~60 MB at 1M."""
    import numpy as np  # (only here: the rest of tm check does without it)

    table = np.frombuffer(keys, dtype=np.int64).reshape(-1, 3)  # (no copy)
    ids, sources, targets = table[:, 0], table[:, 1], table[:, 2]
    keep = np.isin(sources, _wide(sources, targets))
    keep |= np.isin(targets, _wide(targets, sources))
    order = np.argsort(ids[keep], kind="stable")
    return (ids[keep][order], sources[keep][order], targets[keep][order])


def _wide(grouped, other):  # numpy int64 arrays of one length
    """The values of ``grouped`` that occur with two values of ``other`` or more."""
    import numpy as np

    if not len(grouped):
        return grouped[:0]
    order = np.lexsort((other, grouped))
    first, second = grouped[order], other[order]
    del order
    pair_starts = np.empty(len(first), dtype=bool)  # where a distinct (grouped, other) starts
    pair_starts[0] = True
    np.not_equal(first[1:], first[:-1], out=pair_starts[1:])
    pair_starts[1:] |= second[1:] != second[:-1]
    del second
    firsts = first[pair_starts]  # each distinct pair's grouped value, sorted
    return np.unique(firsts[1:][firsts[1:] == firsts[:-1]])


Keys = tuple  # (ids, source hashes, target hashes): numpy int64 arrays of one length


def group_chunks(keys: Keys, side: str) -> Iterator[GroupChunk]:
    """Chunks of about BATCH segments, each holding whole groups of the ``side``'s key hash
    (in hash order, each group in id order)."""
    import numpy as np

    ids, sources, targets = keys
    grouped = sources if side == "source" else targets
    order = np.lexsort((ids, grouped))
    hashes = grouped[order]
    start, total = 0, len(order)
    while start < total:
        end = min(start + BATCH, total)
        end = int(np.searchsorted(hashes, hashes[end - 1], side="right"))  # whole groups
        part = order[start:end]
        yield GroupChunk(side, ids[part].tolist(),
                         list(zip(sources[part].tolist(), targets[part].tolist(), strict=True)))
        start = end

"""Running the checks over units: what ``check_files`` and ``check_store`` (api.py) call."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from ..errors import UsageError
from ..model import Concept
from ..termmatch import Termbase
from .base import (
    REFERENCE,
    SEVERITIES,
    Context,
    Finding,
    GroupCheck,
    Unit,
    UnitCheck,
    unit_place,
)
from .pool import run_unit_checks
from .registry import ALL_CHECKS, CODES
from .suppressions import Suppression

FAIL_LEVELS = {"error": 0, "warning": 1, "info": 2}
FAIL_ON = (*FAIL_LEVELS, "never")  # what Report.fails takes


@dataclass
class Report:
    """What a check run found. Every finding is held (sorted by check, file and unit); the
    report writers (report/) write them out one at a time."""

    findings: list[Finding]
    units: int
    checks: list[str]
    sources: list[str] = field(default_factory=list)  # the files (or the database) checked
    accepted: list[Suppression] = field(default_factory=list)  # added by this run's --accept

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    def summary(self) -> dict:
        active = self.active
        return {
            "units": self.units,
            "findings": len(active),  # mistakes: a consistency group is one
            "units_affected": len(affected_units(active)),
            "suppressed": len(self.findings) - len(active),
            "by_severity": {s: sum(1 for f in active if f.severity == s) for s in SEVERITIES},
            "by_check": dict(sorted(Counter(f.check for f in active).items())),
            "checks": self.checks,
            "checked": self.sources,
        }

    def fails(self, fail_on: str) -> bool:
        """Whether a finding of severity ``fail_on`` (one of FAIL_ON) or worse remains."""
        if fail_on == "never":
            return False
        limit = FAIL_LEVELS[fail_on]
        return any(FAIL_LEVELS[f.severity] <= limit for f in self.active)


def affected_units(findings: Iterable[Finding]) -> set[str]:
    """The units the findings are about: each unit of a group finding, counted once."""
    units: set[str] = set()
    for f in findings:
        if f.related:
            units.update(f.related)
        else:
            units.add(unit_place(f.file, f.line, f.unit))
    return units


def select(codes: Sequence[str] | None) -> list[str]:
    if not codes:
        return list(CODES)
    unknown = [c for c in codes if c not in CODES]
    if unknown:
        raise UsageError(f"unknown check {', '.join(unknown)} (known: {', '.join(CODES)})")
    return list(codes)


def run_checks(
    units: Iterable[Unit],
    concepts: Iterable[Concept],
    *,
    codes: Sequence[str] | None = None,
    reference: Iterable[Unit] = (),
    src: str = "zh",
    tgt: str = "en",
    group_units: Callable[[], Iterable[Unit]] | None = None,
    jobs: int | None = None,
) -> Report:
    """Check ``units`` against the glossary ``concepts``.

    ``reference`` units (the TM, with --with-tm) take part in the consistency checks only;
    findings are reported for ``units``. ``group_units``: a function giving the units the
    consistency checks need to see, when the caller knows them without reading ``units`` (the
    store selects the segments of conflicting groups in SQL, so a million-segment TM is not
    held in memory); it is called in a thread, so the consistency checks run while worker
    processes do the unit checks. By default the consistency checks see all of ``units``.
    ``jobs``: worker processes for the unit checks (default: one per core, for large inputs).
    """
    wanted = frozenset(select(codes))
    context = Context(Termbase(concepts, src=src, tgt=tgt))
    unit_checks = [cls() for cls in ALL_CHECKS if issubclass(cls, UnitCheck)
                   and wanted & set(cls.codes)]
    group_checks = [cls() for cls in ALL_CHECKS if issubclass(cls, GroupCheck)
                    and wanted & set(cls.codes)]
    reference = list(reference)

    def run_group_checks(group: Iterable[Unit]) -> list[Finding]:
        everything = [*group, *(Unit(u.segment, REFERENCE) for u in reference)]
        return [f for check in group_checks for f in check.check_all(everything, context)
                if f.check in wanted and f.file != REFERENCE]

    kept: list[Unit] = []
    count = 0

    def on_unit(unit: Unit) -> None:
        nonlocal count
        count += 1
        if group_checks and group_units is None:
            kept.append(unit)

    grouped: list[Future] = []

    def start_group_checks() -> None:
        if group_checks and group_units is not None:
            grouped.append(background.submit(lambda: run_group_checks(group_units())))

    with ThreadPoolExecutor(1) as background:
        findings = list(run_unit_checks(units, unit_checks, context, wanted, on_unit, jobs,
                                        forked=start_group_checks))
        if grouped:
            findings += grouped[0].result()
        elif group_checks:
            findings += run_group_checks(kept)
    findings = one_per_mistake(findings)
    order = {code: i for i, code in enumerate(CODES)}
    findings.sort(key=lambda f: (order[f.check], f.file or "", _natural(f.unit)))
    return Report(findings, count, sorted(wanted, key=order.get))


def one_per_mistake(findings: list[Finding]) -> list[Finding]:
    """An untranslated unit is one mistake: its other findings (the source's punctuation in
    a copied target, the copy's numbers…) follow from it and are left out."""
    def key(f: Finding) -> tuple:
        return f.file, f.unit, f.line, f.source

    untranslated = {key(f) for f in findings if f.check == "untranslated"}
    if not untranslated:
        return findings
    return [f for f in findings
            if f.check == "untranslated" or key(f) not in untranslated]


_NOT_DIGITS = re.compile(r"\D+")


def _natural(name: str) -> tuple:
    """Sort key putting unit 9 before unit 10 (names are DB ids, tuids, line numbers…)."""
    digits = name if name.isdigit() else _NOT_DIGITS.sub("", name)
    return (int(digits) if digits and len(digits) < 18 else 0, name)

"""Findings a reviewer has accepted, kept in a version-controlled TSV file::

    unit	check	term	reason
    12	number-mismatch		the English names the year; the source does not
    dg-7	term-missing	两个确立	quoted from an older translation on purpose

``unit`` is the unit as reports name it (a TMX tuid, a TSV id, a DB segment id); ``term`` may
be empty to accept the finding whatever the term. Suppressed findings do not count for the
exit status and are shown with --show-suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, UsageError
from ..fileio import atomic_write, read_text
from .base import Finding

HEADER = ["unit", "check", "term", "reason"]


@dataclass(frozen=True)
class Suppression:
    unit: str
    check: str
    term: str
    reason: str

    def covers(self, finding: Finding) -> bool:
        return (self.unit == finding.unit and self.check == finding.check
                and (not self.term or self.term == (finding.term or "")))


def load(path: str | Path) -> list[Suppression]:
    if not Path(path).exists():
        return []
    lines = read_text(path).splitlines()
    if not lines or lines[0].split("\t")[:4] != HEADER:
        raise InputError(f"a suppression file starts with the header {' '.join(HEADER)}",
                         path=path, line=1)
    found = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4 or not fields[0] or not fields[1] or not fields[3].strip():
            raise InputError("want 4 tab-separated fields: unit, check, term (may be empty), "
                             "reason", path=path, line=number)
        found.append(Suppression(*fields))
    return found


def apply(findings: list[Finding], suppressions: list[Suppression]) -> None:
    for finding in findings:
        for rule in suppressions:
            if rule.covers(finding):
                finding.suppressed = rule.reason
                break


def accept(path: str | Path, spec: str, reason: str) -> Suppression:
    """Add 'UNIT:CHECK[:TERM]' with a reason to the suppression file."""
    parts = spec.split(":", 2)
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise UsageError(f"--accept wants UNIT:CHECK[:TERM], not {spec!r}")
    if not reason.strip():
        raise UsageError("--accept needs a --reason")
    rule = Suppression(parts[0], parts[1], parts[2] if len(parts) > 2 else "", reason.strip())
    existing = load(path)
    with atomic_write(path, "w") as out:
        out.write("\t".join(HEADER) + "\n")
        for old in [*existing, rule]:
            out.write("\t".join([old.unit, old.check, old.term, old.reason]) + "\n")
    return rule

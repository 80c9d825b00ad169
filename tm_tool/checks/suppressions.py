"""Findings a reviewer has accepted, kept in a version-controlled TSV file::

    file	unit	check	term	text	reason
    delivery.tsv	d11	number-mismatch		3f1c9a0b2e7d	千万 = 10 million, fine
    delivery.tsv	dg-7	term-missing	两个确立	91aa04c2b5e0	quoted from an older text

An acceptance holds for one finding: the check, in that unit of that file, about that text
(``text`` is a fingerprint of the unit's source and target). A new mistake in an accepted unit
changes the text, so it is reported again; the same unit id in another file is another unit.
``file`` is written relative to the suppression file's folder, so the file can move with the
project. ``term`` may be empty for checks that concern no term.

The older format (``unit check term reason``, without file and text) is still read. Such rows
hold for the unit in every file whatever its text, as they always did; ``load`` warns about
them, and the next ``--accept`` rewrites the file in the new format, the old rows kept as
they are (empty file and text) until they are accepted again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, UsageError
from ..fileio import atomic_write, read_text
from ..text import match_key
from .base import Finding
from .registry import CODES

HEADER = ["file", "unit", "check", "term", "text", "reason"]
LEGACY_HEADER = ["unit", "check", "term", "reason"]


def fingerprint(finding: Finding) -> str:
    """What the finding is about: its unit's source and target (as match keys, so that
    re-saving a file with other quotes or widths does not lose the acceptance)."""
    data = f"{match_key(finding.source)}\0{match_key(finding.target)}"
    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Suppression:
    file: str  # relative to the suppression file's folder; "" in legacy rows: any file
    unit: str
    check: str
    term: str
    text: str  # fingerprint(finding); "" in legacy rows: any text
    reason: str

    @property
    def legacy(self) -> bool:
        return not self.text


class Suppressions:
    """The rows of one suppression file, matched against findings."""

    def __init__(self, path: str | Path, rows: list[Suppression]) -> None:
        self.path = Path(path)
        self.rows = rows

    def name(self, file: str | None) -> str:
        """How the file column names a checked file ("" for the TM)."""
        if file is None:
            return ""
        try:
            relative = os.path.relpath(Path(file).resolve(), self.path.resolve().parent)
        except ValueError:  # another drive (Windows)
            return Path(file).resolve().as_posix()
        return Path(relative).as_posix()

    def covering(self, finding: Finding) -> Suppression | None:
        file: str | None = None  # (resolved only for a row of the finding's unit and check)
        for rule in self.rows:
            if rule.unit != finding.unit or rule.check != finding.check:
                continue
            if rule.term and rule.term != (finding.term or ""):
                continue
            if rule.legacy:
                return rule
            if file is None:
                file = self.name(finding.file)
            if rule.file == file and rule.text == fingerprint(finding):
                return rule
        return None

    def pin(self, finding: Finding, reason: str) -> Suppression:
        return Suppression(self.name(finding.file), finding.unit, finding.check,
                           finding.term or "", fingerprint(finding), reason)


def load(path: str | Path, warn: Callable[[str], None] = lambda message: None
         ) -> Suppressions:
    if not Path(path).exists():
        return Suppressions(path, [])
    lines = read_text(path).splitlines()
    header = lines[0].split("\t") if lines else []
    if header[:6] == HEADER:
        width, legacy = 6, False
    elif header[:4] == LEGACY_HEADER:
        width, legacy = 4, True
    else:
        raise InputError(f"a suppression file starts with the header {' '.join(HEADER)}",
                         path=path, line=1)
    found = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if legacy and len(fields) == 4 and fields[0] and fields[1] and fields[3].strip():
            unit, check, term, reason = fields
            found.append(Suppression("", unit, check, term, "", reason))
        elif not legacy and len(fields) == 6 and fields[1] and fields[2] and fields[5].strip():
            found.append(Suppression(*fields))
        else:
            want = "unit, check, term (may be empty), reason" if legacy else (
                "file, unit, check, term (may be empty), text, reason")
            raise InputError(f"want {width} tab-separated fields: {want}", path=path,
                             line=number)
    old = sum(1 for rule in found if rule.legacy)
    if old:
        rows, cover = ("rows", "cover") if old != 1 else ("row", "covers")
        warn(f"{path}: {old} {rows} in the old format (unit, check, term, reason) {cover} "
             "the unit in every file, whatever its text; accept again with --accept to pin")
    return Suppressions(path, found)


def apply(findings: list[Finding], suppressions: Suppressions | None) -> None:
    if suppressions is None or not suppressions.rows:
        return
    for finding in findings:
        rule = suppressions.covering(finding)
        if rule is not None:
            finding.suppressed = rule.reason


def parse_spec(spec: str, codes: Iterable[str]) -> tuple[str, str, str]:
    """'UNIT:CHECK[:TERM]' -> (unit, check, term). Unit ids may hold colons themselves
    (TICO-19's 'PubMed_7:341'): the check is the part that names a known check."""
    parts = spec.split(":")
    known = set(codes)
    for i, part in enumerate(parts[1:], start=1):
        if part in known:
            return ":".join(parts[:i]), part, ":".join(parts[i + 1:])
    if len(parts) < 2 or not parts[0]:
        raise UsageError(f"--accept wants UNIT:CHECK[:TERM], not {spec!r}")
    raise UsageError(f"--accept {spec}: no known check in it (known: {', '.join(known)})")


def accept(suppressions: Suppressions, findings: list[Finding], spec: str, reason: str,
           codes: Iterable[str]) -> list[Suppression]:
    """Accept the findings ``spec`` names (UNIT:CHECK[:TERM]) with ``reason``: each is pinned
    to its file and text, and the suppression file is rewritten with them added. Refuses a
    unit or check that no finding of this run has (a typo would otherwise accept nothing)."""
    if not reason.strip():
        raise UsageError("--accept needs a --reason")
    unit, check, term = parse_spec(spec, codes)
    in_unit = [f for f in findings if f.unit == unit]
    if not in_unit:
        raise UsageError(f"--accept {spec}: no finding in a unit {unit!r} (accept what the "
                         "report shows)")
    chosen = [f for f in in_unit if f.check == check and (not term or f.term == term)]
    if not chosen:
        have = ", ".join(sorted({f.check + (f":{f.term}" if f.term else "")
                                 for f in in_unit}))
        raise UsageError(f"--accept {spec}: unit {unit} has no such finding (it has {have})")
    new = list(dict.fromkeys(suppressions.pin(f, reason.strip()) for f in chosen))
    # an old-format row for these findings gives way to the pinned ones
    old = {rule for f in chosen if (rule := suppressions.covering(f)) and rule.legacy}
    rows = [r for r in suppressions.rows if r not in old]
    rows += [r for r in new if r not in rows]
    with atomic_write(suppressions.path, "w") as out:
        out.write("\t".join(HEADER) + "\n")
        for row in rows:
            out.write("\t".join([row.file, row.unit, row.check, row.term, row.text,
                                 row.reason]) + "\n")
    suppressions.rows = rows
    return new


def settle(findings: list[Finding], suppressions: Suppressions | None, spec: str | None = None,
           reason: str = "") -> list[Suppression]:
    """Mark the findings that ``suppressions`` covers as accepted; with ``spec``, first accept
    the findings it names (see :func:`accept`) and mark again. Returns the rows accepted.

    (The second marking adds to the first: a finding marked by an old-format row that the
    acceptance replaced stays marked for this run.)"""
    apply(findings, suppressions)
    if not spec:
        return []
    if suppressions is None:
        raise UsageError("--accept needs --suppressions FILE to write to")
    new = accept(suppressions, findings, spec, reason, CODES)
    apply(findings, suppressions)
    return new

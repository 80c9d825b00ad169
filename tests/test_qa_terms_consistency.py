"""The real-file study of the consistency and term checks, kept as a test.

tests/fixtures/qa/{consistency,term}-verdicts.tsv hold findings sampled at random (seed
"20261201:<check>", 25 per check, all zh files of ../shared/realworld, the TICO-19 memory with
each of its glossaries), before and after the change, each judged by hand (verdict, reason;
"weak" marks a glossary deviation a translator may defend). The test re-runs the checks: every
finding sampled after is still reported (the verdicts describe today's behaviour), and the false
alarms sampled before are gone but for a few.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from tm_tool import transfer
from tm_tool.checks.base import Unit
from tm_tool.checks.runner import run_checks
from tm_tool.formats import ReadOptions

QA = Path(__file__).parent / "fixtures" / "qa"
STUDIES = ("consistency-verdicts.tsv", "term-verdicts.tsv")


def verdicts(name: str) -> list[dict[str, str]]:
    with open(QA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def reported(shared: Path, file: str, check: str) -> frozenset[tuple[str, str]]:
    name, _, glossary = file.partition(" --glossary ")
    (path,) = (shared / "realworld").glob(f"*/*/{name}")
    concepts = (transfer.read_glossary(shared / "realworld" / "glossary" / "tico19" / glossary)
                if glossary else [])
    units = [Unit(seg, str(path)) for seg in transfer.read_segments(path, options=ReadOptions())]
    report = run_checks(units, concepts, codes=[check], jobs=1)
    return frozenset((f.unit, f.check, f.term if f.check.startswith("term") else None)
                     for f in report.findings)


def key(row: dict[str, str]) -> tuple[str, str, str | None]:
    """(unit, check, term): a term finding's message starts with the term in quotes."""
    term = row["message"].split('"')[1] if row["check"].startswith("term") else None
    return row["unit"], row["check"], term


@pytest.mark.parametrize("study", STUDIES)
def test_sampled_precision_is_at_least_nine_in_ten_after(study: str) -> None:
    rows = [r for r in verdicts(study) if r["run"] == "after"]
    by_check: dict[tuple[str, str], list[bool]] = {}
    for r in rows:
        glossary = r["file"].partition(" --glossary ")[2]
        by_check.setdefault((r["check"], glossary), []).append(r["verdict"] == "true")
    assert by_check
    for key, judged in by_check.items():
        assert sum(judged) / len(judged) >= 0.9, key


@pytest.mark.parametrize("study", STUDIES)
def test_the_verdicts_describe_what_tm_check_reports_today(study: str, shared: Path) -> None:
    rows = verdicts(study)
    after = [r for r in rows if r["run"] == "after"]
    missing = [r for r in after if key(r) not in reported(shared, r["file"], r["check"])]
    assert missing == []
    false_before = [r for r in rows if r["run"] == "before" and r["verdict"] == "false"]
    still = [r for r in false_before if key(r) in reported(shared, r["file"], r["check"])]
    assert len(still) <= 0.2 * len(false_before), [(r["unit"], r["reason"]) for r in still]

"""Accepted findings: pinned to file, unit, check and text; --accept validated; the old
format still read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import GLOSSARY_DIR, run_tm

GLOSSARY = GLOSSARY_DIR / "dongguan-slogans.tsv"
ROWS = {"1": "坚定拥护“两个确立”。\tWe uphold the “Two Affirmations”.",
        "2": "共有三万人参加。\t30,000 people took part.",
        "3": "全会由市委常委会主持。\tThe Standing Committee presided over the session。"}


def write(path: Path, rows: dict[str, str]) -> Path:
    path.write_text("id\tzh\ten\n" + "".join(f"{k}\t{v}\n" for k, v in rows.items()),
                    encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "delivery.tsv", ROWS)
    write(tmp_path / "other.tsv", ROWS)
    return tmp_path


def check(project: Path, *args: str, file: str = "delivery.tsv"):
    return run_tm("--db", project / "none.db", "check", project / file, "--glossary", GLOSSARY,
                  "--src", "zh-CN", "--tgt", "en", "--suppressions", project / "ok.tsv",
                  "--format", "json", *args)


def active(result) -> set[tuple[str, str]]:
    return {(f["unit"], f["check"]) for f in json.loads(result.stdout)["findings"]}


def test_an_accepted_finding_leaves_the_exit_status_and_shows_with_show_suppressed(
        project: Path) -> None:
    result = check(project, "--accept", "1:term-forbidden", "--reason", "a 2016 quotation")
    assert result.exit_code == 0, result.stderr  # only the punctuation warning remains
    assert active(result) == {("3", "punctuation")}
    assert json.loads(result.stdout)["summary"]["suppressed"] == 1
    lines = (project / "ok.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "file\tunit\tcheck\tterm\ttext\treason"
    assert lines[1].startswith("delivery.tsv\t1\tterm-forbidden\t两个确立\t")
    shown = json.loads(check(project, "--show-suppressed").stdout)["findings"]
    assert [f["suppressed"] for f in shown if f["unit"] == "1"] == ["a 2016 quotation"]


def test_an_acceptance_does_not_leak_into_another_file(project: Path) -> None:
    assert check(project, "--accept", "1:term-forbidden", "--reason", "quoted").exit_code == 0
    other = check(project, file="other.tsv")
    assert other.exit_code == 1 and ("1", "term-forbidden") in active(other)


def test_a_new_mistake_in_an_accepted_unit_is_reported_again(project: Path) -> None:
    assert check(project, "--accept", "1:term-forbidden", "--reason", "quoted").exit_code == 0
    write(project / "delivery.tsv", {**ROWS, "1": "坚定拥护“两个确立”。\tWe uphold the "
                                             "“Two Affirmations” of 2035."})
    assert ("1", "term-forbidden") in active(check(project))


@pytest.mark.parametrize("spec,message", [
    ("d99:number-mismatch", "no finding in a unit 'd99'"),
    ("1:bogus", "no known check"),
    ("1:number-mismatch", "unit 1 has no such finding (it has term-forbidden:两个确立)"),
])
def test_accept_refuses_unknown_units_and_checks(project: Path, spec: str, message: str
                                                 ) -> None:
    result = check(project, "--accept", spec, "--reason", "x")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert not (project / "ok.tsv").exists()  # nothing written


def test_unit_ids_with_colons_can_be_accepted(tmp_path: Path) -> None:
    write(tmp_path / "d.tsv", {"PubMed_7:341": ROWS["1"]})
    result = check(tmp_path, "--accept", "PubMed_7:341:term-forbidden:两个确立", "--reason",
                   "quoted", file="d.tsv")
    assert result.exit_code == 0 and active(result) == set()


def test_old_format_rows_still_hold_with_a_warning_and_give_way_when_accepted_again(
        project: Path) -> None:
    (project / "ok.tsv").write_text("unit\tcheck\tterm\treason\n1\tterm-forbidden\t\told\n",
                                    encoding="utf-8")
    result = check(project)
    assert active(result) == {("3", "punctuation")}
    assert "old format" in result.stderr and "every file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # one line, even when piped
    result = check(project, "--accept", "1:term-forbidden", "--reason", "pinned now")
    assert result.exit_code == 0
    rows = (project / "ok.tsv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2 and rows[1].endswith("\tpinned now")
    assert "old format" not in check(project).stderr
    assert ("1", "term-forbidden") in active(check(project, file="other.tsv"))

"""QA checks: seeded errors and tricky clean cases, the corpus (gold) passes clean, reports,
suppressions, exit codes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import CORPUS_DIR, GLOSSARY_DIR, run_tm

from tm_tool.checks.base import Unit
from tm_tool.checks.runner import run_checks
from tm_tool.formats import ReadOptions
from tm_tool.formats.glossary_table import TsvGlossaryFormat
from tm_tool.model import Segment

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
CASES = FIXTURES / "cases.tsv"
GLOSSARY = GLOSSARY_DIR / "dongguan-slogans.tsv"


def load_cases() -> list[dict[str, str]]:
    with open(CASES, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def concepts():
    return list(TsvGlossaryFormat().read(GLOSSARY, ReadOptions()))


@pytest.fixture(scope="module")
def findings_by_unit(concepts) -> dict[str, set[str]]:
    units = [Unit(Segment(row["zh"], row["en"], "zh-CN", "en", unit_id=row["id"]), "cases")
             for row in load_cases()]
    codes = ["term-missing", "term-case", "term-forbidden", "number-mismatch",
             "untranslated", "punctuation", "placeholder", "whitespace", "tag-mismatch",
             "tag-order", "end-punctuation", "url-mismatch", "repeated-word", "indentation"]
    report = run_checks(units, concepts, codes=codes)
    found: dict[str, set[str]] = {}
    for finding in report.findings:
        found.setdefault(finding.unit, set()).add(finding.check)
    return found


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: f"{c['id']}-{c['why'][:30]}")
def test_seeded_case(case: dict[str, str], findings_by_unit) -> None:
    expected = {code for code in case["expect"].split(",") if code}
    assert findings_by_unit.get(case["id"], set()) == expected, case["why"]


def test_every_fixed_code_has_a_seeded_case() -> None:
    seeded = {code for row in load_cases() for code in row["expect"].split(",") if code}
    assert {"term-missing", "term-case", "term-forbidden", "number-mismatch", "untranslated",
            "punctuation", "placeholder", "whitespace"} <= seeded


def test_the_corpus_passes_clean(corpus_db: Path) -> None:
    result = run_tm("--db", corpus_db, "check", "--json", "--fail-on", "info")
    data = json.loads(result.stdout)
    assert data["findings"] == [], data["findings"][:3]
    assert result.exit_code == 0
    assert data["summary"]["units"] == sum(
        1 for path in CORPUS_DIR.glob("*.tsv")
        for _ in path.read_text(encoding="utf-8").splitlines()[1:])


def segment(unit: str, zh: str, en: str) -> Unit:
    return Unit(Segment(zh, en, "zh-CN", "en", unit_id=unit), "delivery")


def test_inconsistent_target_reports_every_unit_naming_the_others(concepts) -> None:
    units = [segment("a", "推动高质量发展。", "Promote high-quality development."),
             segment("b", "推动高质量发展。", "Pursue high-quality development."),
             segment("c", "推动高质量发展. ", "Promote high-quality development."),
             segment("d", "其他句子。", "Another sentence.")]
    report = run_checks(units, concepts, codes=["inconsistent-target"])
    by_unit = {f.unit: f for f in report.findings}
    assert set(by_unit) == {"a", "b", "c"}
    assert "delivery:b" in by_unit["a"].message and "delivery:a" in by_unit["b"].message


def test_inconsistent_source_is_case_insensitive(concepts) -> None:
    units = [segment("a", "推动高质量发展。", "Promote high-quality development."),
             segment("b", "推进高质量发展。", "promote high-quality development.")]
    report = run_checks(units, concepts, codes=["inconsistent-source"])
    assert {f.unit for f in report.findings} == {"a", "b"}


def test_checks_also_work_from_english_to_chinese(concepts) -> None:
    units = [Unit(Segment("Uphold the Two Establishments in 2025.", "坚持两个确立。",
                          "en", "zh-CN", unit_id="r1")),
             Unit(Segment("Promote high-quality development.", "推动发展。", "en", "zh-CN",
                          unit_id="r2"))]
    report = run_checks(units, concepts, codes=["term-missing", "number-mismatch"])
    assert {(f.unit, f.check) for f in report.findings} == {("r1", "number-mismatch"),
                                                            ("r2", "term-missing")}


# --- the command ----------------------------------------------------------------------

@pytest.fixture
def delivery(tmp_path: Path) -> Path:
    path = tmp_path / "delivery.tsv"
    rows = ["id\tzh\ten", "1\t坚定拥护“两个确立”。\tWe uphold the “Two Affirmations”.",
            "2\t推动高质量发展。\tPromote high-quality development.",
            "3\t全会由市委常委会主持。\tThe Standing Committee presided over the session。"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_check_a_delivery_against_a_glossary_file_without_a_database(tmp_path: Path,
                                                                   delivery: Path) -> None:
    result = run_tm("--db", tmp_path / "none.db", "check", delivery, "--glossary", GLOSSARY,
                    "--src", "zh-CN", "--tgt", "en", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert {(f["unit"], f["check"]) for f in data["findings"]} == {
        ("1", "term-missing"), ("1", "term-forbidden"), ("3", "punctuation")}
    forbidden = next(f for f in data["findings"] if f["check"] == "term-forbidden")
    assert forbidden["term"] == "两个确立" and forbidden["found"] == "Two Affirmations"
    assert forbidden["expected"] == "Two Establishments" and forbidden["severity"] == "error"
    assert not (tmp_path / "none.db").exists()


def test_fail_on_and_selected_checks_decide_the_exit_status(tmp_path: Path, delivery: Path
                                                            ) -> None:
    base = ["--db", tmp_path / "none.db", "check", delivery, "--glossary", GLOSSARY,
            "--src", "zh-CN", "--tgt", "en"]
    assert run_tm(*base, "--checks", "punctuation").exit_code == 0  # a warning only
    assert run_tm(*base, "--checks", "punctuation", "--fail-on", "warning").exit_code == 1
    assert run_tm(*base, "--fail-on", "never").exit_code == 0
    assert run_tm(*base, "--checks", "no-such-check").exit_code == 2


def test_suppressions_leave_accepted_findings_out_of_the_exit_status(tmp_path: Path,
                                                                    delivery: Path) -> None:
    accepted = tmp_path / "accepted.tsv"
    base = ["--db", tmp_path / "none.db", "check", delivery, "--glossary", GLOSSARY,
            "--src", "zh-CN", "--tgt", "en", "--checks", "term-missing,term-forbidden",
            "--suppressions", accepted]
    assert run_tm(*base, "--accept", "1:term-missing:两个确立", "--reason",
                  "quoted from a 2016 text").exit_code == 1  # term-forbidden remains
    result = run_tm(*base, "--accept", "1:term-forbidden", "--reason", "same quotation",
                    "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["suppressed"] == 2
    shown = json.loads(run_tm(*base, "--format", "json", "--show-suppressed").stdout)
    assert {f["suppressed"] for f in shown["findings"]} == {"quoted from a 2016 text",
                                                           "same quotation"}
    assert accepted.read_text(encoding="utf-8").splitlines()[0] == "unit\tcheck\tterm\treason"


def test_text_and_csv_reports(tmp_path: Path, delivery: Path) -> None:
    base = ["--db", tmp_path / "none.db", "check", delivery, "--glossary", GLOSSARY,
            "--src", "zh-CN", "--tgt", "en"]
    text = run_tm(*base).stdout
    assert "term-forbidden" in text and "Two Affirmations" in text and "3 units checked" in text
    out = tmp_path / "report.csv"
    assert run_tm(*base, "--format", "csv", "-o", out).exit_code == 1
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert {r["check"] for r in rows} == {"term-missing", "term-forbidden", "punctuation"}


def test_with_tm_checks_consistency_against_the_memory(tmp_path: Path, corpus_db: Path) -> None:
    delivery = tmp_path / "d.tsv"
    delivery.write_text("id\tzh\ten\n1\t全会由市委常委会主持。\tThe plenum was chaired by the "
                        "Standing Committee.\n", encoding="utf-8")
    result = run_tm("--db", corpus_db, "check", delivery, "--with-tm", "--src", "zh-CN",
                    "--tgt", "en", "--checks", "inconsistent-target", "--format", "json")
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["unit"] == "1" and "TM:" in finding["message"]


def test_the_whole_tm_is_checked_for_consistency(tmp_path: Path) -> None:
    tm = tmp_path / "tm.tsv"
    tm.write_text("id\tzh\ten\n1\t推动高质量发展。\tPromote high-quality development.\n"
                  "2\t推动高质量发展。\tPursue high-quality development.\n"
                  "3\t其他句子。\tAnother sentence.\n", encoding="utf-8")
    db = tmp_path / "tm.db"
    assert run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", tm).exit_code == 0
    data = json.loads(run_tm("--db", db, "check", "--checks", "inconsistent-target",
                             "--format", "json").stdout)
    assert sorted(f["unit"] for f in data["findings"]) == ["1", "2"]  # DB segment ids


def test_worker_processes_and_the_consistency_thread_find_the_same(concepts, monkeypatch
                                                                    ) -> None:
    """A large input is checked by forked workers (and DB-mode consistency in a thread); with
    small batches a small input takes that path too: the report must be the same."""
    from tm_tool.checks import pool

    cases = load_cases()
    units = [Unit(Segment(row["zh"], row["en"], "zh-CN", "en", unit_id=f"{row['id']}.{n}"),
                  "cases") for n in range(4) for row in cases]
    serial = run_checks(units, concepts, jobs=1)
    monkeypatch.setattr(pool, "BATCH", 7)
    monkeypatch.setattr(pool, "PARALLEL_AFTER", 20)
    parallel = run_checks(units, concepts, jobs=2)
    threaded = run_checks(units, concepts, jobs=2, group_units=lambda: units)
    expected = [f.as_dict() for f in serial.findings]
    assert {f["check"] for f in expected} >= {"term-missing", "number-mismatch",
                                              "inconsistent-target"}
    assert [f.as_dict() for f in parallel.findings] == expected
    assert [f.as_dict() for f in threaded.findings] == expected
    assert parallel.units == threaded.units == len(units)

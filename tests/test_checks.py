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
QA = Path(__file__).parent / "fixtures" / "qa"
TERM_CODES = ["term-missing", "term-case", "term-forbidden"]
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


def corpus_statuses() -> dict[str, str]:
    """Unit id -> status of the corpus rows."""
    return {row["id"]: row["status"] for path in sorted(CORPUS_DIR.glob("*.tsv"))
            for row in csv.DictReader(path.open(encoding="utf-8", newline=""),
                                      delimiter="\t", quoting=csv.QUOTE_NONE)}


def test_the_corpus_passes_clean_except_the_articles_known_errors(corpus_db: Path) -> None:
    """Rows whose English is the article's error (status rejected, kept verbatim) are the only
    ones QA flags, and each of them is flagged; every other row passes clean."""
    result = run_tm("--db", corpus_db, "check", "--json", "--fail-on", "info")
    data = json.loads(result.stdout)
    statuses = corpus_statuses()
    flagged = {f["unit"] for f in data["findings"]}
    rejected = {unit for unit, status in statuses.items() if status == "rejected"}
    assert flagged == rejected, sorted(flagged ^ rejected)
    assert result.exit_code == 1
    assert data["summary"]["units"] == len(statuses)


def segment(unit: str, zh: str, en: str) -> Unit:
    return Unit(Segment(zh, en, "zh-CN", "en", unit_id=unit), "delivery")


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
        ("1", "term-forbidden"), ("3", "punctuation")}  # one finding per mistake
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


def test_text_and_csv_reports(tmp_path: Path, delivery: Path) -> None:
    base = ["--db", tmp_path / "none.db", "check", delivery, "--glossary", GLOSSARY,
            "--src", "zh-CN", "--tgt", "en"]
    text = run_tm(*base).stdout
    assert "term-forbidden" in text and "Two Affirmations" in text and "3 units checked" in text
    out = tmp_path / "report.csv"
    assert run_tm(*base, "--format", "csv", "-o", out).exit_code == 1
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert {r["check"] for r in rows} == {"term-forbidden", "punctuation"}


def test_with_tm_checks_consistency_against_the_memory(tmp_path: Path, corpus_db: Path) -> None:
    delivery = tmp_path / "d.tsv"
    delivery.write_text("id\tzh\ten\n1\t全会由市委常委会主持。\tThe plenum was chaired by the "
                        "Standing Committee.\n", encoding="utf-8")
    result = run_tm("--db", corpus_db, "check", delivery, "--with-tm", "--src", "zh-CN",
                    "--tgt", "en", "--checks", "inconsistent-target", "--format", "json")
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["unit"] == "1" and "TM:" in finding["message"]


def test_worker_processes_find_what_one_process_finds(concepts, monkeypatch) -> None:
    """A large input is checked by forked workers; with small batches a small input takes
    that path too: the report must be the same."""
    from tm_tool.checks import pool

    cases = load_cases()
    units = [Unit(Segment(row["zh"], row["en"], "zh-CN", "en", unit_id=f"{row['id']}.{n}"),
                  "cases") for n in range(4) for row in cases]
    serial = run_checks(units, concepts, jobs=1)
    monkeypatch.setattr(pool, "BATCH", 7)
    monkeypatch.setattr(pool, "PARALLEL_AFTER", 20)
    parallel = run_checks(units, concepts, jobs=2)
    expected = [f.as_dict() for f in serial.findings]
    assert {f["check"] for f in expected} >= {"term-missing", "number-mismatch",
                                              "inconsistent-target"}
    assert [f.as_dict() for f in parallel.findings] == expected
    assert parallel.units == len(units)


def test_seeded_term_errors_in_real_units_are_each_found_once_and_clean_twins_pass() -> None:
    """Real TICO-19 pairs read zh → en with a small glossary: each rendering swapped for its
    deprecated form (in either case), lower-cased or deleted gives exactly its one finding."""
    glossary = list(TsvGlossaryFormat().read(QA / "seeded-terms-glossary.tsv", ReadOptions()))
    with open(QA / "seeded-terms.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    units = [Unit(Segment(r["zh"], r["en"], "zh-CN", "en", unit_id=r["id"]), "seeded")
             for r in rows]
    found: dict[str, list[str]] = {}
    for f in run_checks(units, glossary, codes=TERM_CODES).findings:
        found.setdefault(f.unit, []).append(f.check)
    assert {r["expect"] for r in rows} == {"", "term-forbidden", "term-case", "term-missing"}
    assert len(rows) >= 80
    for row in rows:
        assert found.get(row["id"], []) == ([row["expect"]] if row["expect"] else []), row


def test_a_deprecated_rendering_with_a_capital_is_found(concepts) -> None:
    glossary = list(TsvGlossaryFormat().read(QA / "seeded-terms-glossary.tsv", ReadOptions()))
    units = [Unit(Segment("国际疫苗中心开放了。", "The International Jab Centre opened.", "zh-CN",
                          "en", unit_id="j1"))]
    (finding,) = run_checks(units, glossary, codes=TERM_CODES).findings
    assert (finding.check, finding.found) == ("term-forbidden", "Jab")


# --- TICO-19 glossaries (en → zh), the false alarms of the real-file study -----------------

TICO_SAMPLE = QA / "tico19-g-sample.csv"  # five rows of TICO-19's g_en_zh-CN.csv (CC0)


def tico_units(*pairs: tuple[str, str, str]) -> list[Unit]:
    return [Unit(Segment(en, zh, "en", "zh", unit_id=uid), "tico") for uid, en, zh in pairs]


def test_tico19_alternatives_notes_and_row_ids_are_kept_apart() -> None:
    from tm_tool.formats.glossary_table import CsvGlossaryFormat

    concepts = {c.key: c for c in CsvGlossaryFormat().read(TICO_SAMPLE, ReadOptions())}
    assert len(concepts) == 5  # one per stringID: "2019 coronavirus" and "covid-19" apart
    covid = concepts["tico19-g-sample-5"]
    assert [t.text for t in covid.terms_in("zh")] == [
        "新型冠状病毒肺炎 (COVID-19)", "新冠肺炎 (COVID-19)", "COVID-19"]
    corona = concepts["tico19-g-sample-7"]
    assert [(t.text, t.status, t.note) for t in corona.terms_in("zh")] == [
        ("新型冠状病毒 (COVID-19)", "preferred", "when referring COVID-19"),
        ("冠状病毒", "admitted", "when referring the generic virus group")]


def test_tico19_terms_raise_no_mechanical_false_alarms() -> None:
    from tm_tool.formats.glossary_table import CsvGlossaryFormat

    concepts = list(CsvGlossaryFormat().read(TICO_SAMPLE, ReadOptions()))
    units = tico_units(
        ("PubMed_7:341", "Of the patients who recovered, most were young.",
         "康复患者大多是年轻人。"),
        ("Wikivoyage_1:2345", "Get a COVID-19 test.", "进行 COVID-19 检测。"),
        ("PubMed_8:462", "Seven human coronaviruses are known.", "已知七种人冠状病毒。"),
        ("wiki_9:3035", "SARS-CoV-2 uses ACE2.", "SARS-CoV-2 利用 ACE2。"),
        ("seeded-1", "The WHO said so.", "世界卫生组织如是说。"),
        ("seeded-2", "COVID-19 is spreading.", "病毒正在传播。"))
    report = run_checks(units, concepts, codes=TERM_CODES)
    assert [(f.unit, f.term) for f in report.findings] == [("seeded-1", "WHO"),
                                                           ("seeded-2", "COVID-19")]
    assert "新型冠状病毒肺炎 (COVID-19) or 2019冠状病毒病" in report.findings[1].message


def test_tico19_real_glossary_concepts_follow_the_files_ids(shared: Path) -> None:
    from tm_tool.formats.glossary_table import CsvGlossaryFormat

    path = shared / "realworld" / "glossary" / "tico19" / "g_en_zh-CN.csv"
    concepts = list(CsvGlossaryFormat().read(path, ReadOptions()))
    assert len(concepts) == 337  # rows: no two merged by a slug of their text
    assert not any(" : " in t.text or "[" in t.text for c in concepts for t in c.terms)


def test_a_chinese_rendering_may_take_or_drop_the_particle_de(tmp_path) -> None:
    from tm_tool.checks.base import Unit
    from tm_tool.checks.runner import run_checks
    from tm_tool.model import Concept, Segment, Term

    concept = Concept("prevention", [Term("预防传播措施", "zh-CN", "preferred"),
                                     Term("prevention measures", "en", "preferred")])
    units = [Unit(Segment("Prevention measures work.", target, "en", "zh-CN"), "d.tsv")
             for target in ("预防传播的措施有效。", "措施有效。")]
    findings = run_checks(units, [concept], codes=["term-missing"]).findings
    assert [f.target for f in findings] == ["措施有效。"]


def test_the_demo_delivery_gives_one_finding_per_planted_mistake(tmp_path, corpus_db) -> None:
    """scripts/make_degraded.py plants five slogan errors and one dropped sentence into the
    approved corpus rows; the demo's `tm check` must show exactly those six."""
    import subprocess
    import sys

    degraded = tmp_path / "degraded.tsv"
    subprocess.run([sys.executable, str(CORPUS_DIR.parent / "scripts" / "make_degraded.py"),
                    str(degraded)], check=True)
    result = run_tm("--db", corpus_db, "check", degraded, "--src", "zh-CN", "--tgt", "en",
                    "--format", "json")
    assert result.exit_code == 1
    found = sorted((f["unit"], f["check"]) for f in json.loads(result.stdout)["findings"])
    assert found == [("17", "untranslated"), ("21", "term-forbidden"), ("26", "term-missing"),
                     ("30", "term-forbidden"), ("45", "term-case"), ("8", "term-case")]


# --- the library API: check_files, check_store -----------------------------------------

def found(report) -> set[tuple[str, str]]:
    return {(f.unit, f.check) for f in report.active}


def test_check_files_reports_what_tm_check_reports(tmp_path: Path, delivery: Path) -> None:
    from tm_tool.checks import CheckOptions, check_files

    warnings: list[str] = []
    report = check_files([delivery], glossary=GLOSSARY, store=tmp_path / "none.db",
                         options=CheckOptions(src="zh-CN", tgt="en", warn=warnings.append))
    assert found(report) == {("1", "term-forbidden"), ("3", "punctuation")}
    summary = report.summary()
    assert (summary["units"], summary["findings"], summary["checked"]) == (3, 2, [str(delivery)])
    assert summary["by_severity"] == {"error": 1, "warning": 1, "info": 0}
    assert report.fails("error") and report.fails("warning") and not report.fails("never")
    assert warnings == [] and not (tmp_path / "none.db").exists()
    cli = json.loads(run_tm("--db", tmp_path / "none.db", "check", delivery, "--glossary",
                            GLOSSARY, "--src", "zh-CN", "--tgt", "en", "--json").stdout)
    assert cli["findings"] == [f.as_dict() for f in report.findings]
    assert cli["summary"] == summary


def test_check_files_without_any_glossary_warns_and_finds_no_term(tmp_path: Path,
                                                                   delivery: Path) -> None:
    from tm_tool.checks import CheckOptions, check_files

    warnings: list[str] = []
    report = check_files([delivery], store=tmp_path / "none.db",
                         options=CheckOptions(src="zh-CN", tgt="en", warn=warnings.append))
    assert found(report) == {("3", "punctuation")}
    assert warnings == [f"no glossary (no --glossary and no database at {tmp_path / 'none.db'})"
                        "; terminology checks find nothing"]
    concepts = list(TsvGlossaryFormat().read(GLOSSARY, ReadOptions()))  # concepts do as well
    assert ("1", "term-forbidden") in found(check_files(
        [delivery], glossary=concepts, options=CheckOptions(src="zh-CN", tgt="en")))


def test_check_files_with_tm_compares_with_the_memory(tmp_path: Path, corpus_db: Path) -> None:
    from tm_tool.checks import CheckOptions, check_files
    from tm_tool.store import Store

    delivery = tmp_path / "d.tsv"
    delivery.write_text("id\tzh\ten\n1\t全会由市委常委会主持。\tThe plenum was chaired by the "
                        "Standing Committee.\n", encoding="utf-8")
    options = CheckOptions(codes=["inconsistent-target"], src="zh-CN", tgt="en")
    assert check_files([delivery], store=corpus_db, options=options).findings == []
    with Store.open(corpus_db) as store:  # an open store is used, and left open
        (finding,) = check_files([delivery], store=store, with_tm=True, options=options).findings
        assert store.concepts()
    assert (finding.unit, finding.file) == ("1", str(delivery)) and "TM:" in finding.message


def test_check_store_reports_the_articles_errors(corpus_db: Path) -> None:
    from tm_tool.checks import check_store

    report = check_store(corpus_db)
    statuses = corpus_statuses()
    assert {f.unit for f in report.findings} == {
        unit for unit, status in statuses.items() if status == "rejected"}
    assert report.units == len(statuses) and report.sources == [str(corpus_db)]
    assert report.fails("error")


def test_check_store_consistency_groups_from_sql_equal_checking_every_unit(tmp_path: Path
                                                                           ) -> None:
    """check_store gives the consistency checks only the conflicting groups the store selects
    (in a thread, on its own connection); checking all units in memory must agree."""
    from tm_tool.checks import check_store
    from tm_tool.store import Store

    rows = ["id\tzh\ten", "1\t推动高质量发展。\tPromote high-quality development.",
            "2\t推动高质量发展。\tPush forward high-quality development.",
            "3\t坚持党的全面领导。\tUphold the Party's overall leadership.",
            "4\t坚持党的领导。\tUphold the Party's overall leadership.",
            "5\t扩大开放。\tExpand opening up."]
    tsv = tmp_path / "tm.tsv"
    tsv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = tmp_path / "tm.db"
    assert run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", tsv).exit_code == 0
    report = check_store(db)
    with Store.open(db) as store:
        everything = run_checks([Unit(s) for s in store.iter_segments()], [])
    assert found(report) >= {("1", "inconsistent-target"), ("3", "inconsistent-source")}
    assert [f.as_dict() for f in report.findings] == [f.as_dict() for f in everything.findings]


def test_check_store_in_workers_reports_what_one_process_does(tmp_path: Path, monkeypatch
                                                              ) -> None:
    """A TM checked by worker processes, each reading its own ranges of ids and chunks of
    consistency groups (here a few segments each, so that groups and findings cross many
    tasks), gives the report one process gives."""
    from tm_tool.checks import CheckOptions, check_store, pool, runner

    rows = ["id\tzh\ten"]
    for n in range(60):
        rows.append(f"{n}\t推动高质量发展{n % 7}。\tPromote high-quality development {n % 5}.")
        rows.append(f"{n}b\t坚持“两个确立”{n % 3}。\tUphold the two establishments {n % 4}.")
    tsv = tmp_path / "tm.tsv"
    tsv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = tmp_path / "tm.db"
    assert run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", tsv).exit_code == 0
    glossary = GLOSSARY
    one = check_store(db, glossary=glossary, options=CheckOptions(jobs=1))
    for module in (pool, runner):
        monkeypatch.setattr(module, "BATCH", 7)
        monkeypatch.setattr(module, "PARALLEL_AFTER", 10)
    many = check_store(db, glossary=glossary, options=CheckOptions(jobs=2))
    assert {f.check for f in one.findings} >= {"inconsistent-target", "inconsistent-source",
                                               "term-case", "number-mismatch"}
    assert [f.as_dict() for f in many.findings] == [f.as_dict() for f in one.findings]
    assert many.summary() == one.summary() and many.units == 120


def test_findings_are_reported_in_natural_unit_order_whatever_order_they_were_found() -> None:
    units = [Unit(Segment(f"第{n}次会议。", "The meeting.", "zh-CN", "en", unit_id=str(n)), "f")
             for n in (10, 9, 100, 20)]
    report = run_checks(units, [], codes=["number-mismatch"])
    assert [f.unit for f in report.findings] == ["9", "10", "20", "100"]
    assert report.summary()["by_check"] == {"number-mismatch": 4}


def test_check_refuses_jobs_below_one(tmp_path: Path) -> None:
    result = run_tm("--db", tmp_path / "tm.db", "check", "--jobs", "0")
    assert result.exit_code == 2 and "--jobs" in result.stderr


def test_check_store_refuses_a_missing_database(tmp_path: Path) -> None:
    from tm_tool.checks import check_store
    from tm_tool.errors import StoreError

    with pytest.raises(StoreError, match="no database here"):
        check_store(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()


def test_accepting_a_finding_through_the_library(tmp_path: Path, delivery: Path) -> None:
    from tm_tool.checks import CheckOptions, check_files
    from tm_tool.errors import UsageError

    rules = tmp_path / "ok.tsv"
    base = {"src": "zh-CN", "tgt": "en", "suppressions": rules}
    report = check_files([delivery], glossary=GLOSSARY, options=CheckOptions(
        accept="1:term-forbidden", reason="a 2016 quotation", **base))
    assert [(r.unit, r.check, r.file) for r in report.accepted] == [
        ("1", "term-forbidden", "delivery.tsv")]
    assert found(report) == {("3", "punctuation")} and not report.fails("error")
    assert report.summary()["suppressed"] == 1
    again = check_files([delivery], glossary=GLOSSARY, options=CheckOptions(**base))
    assert found(again) == {("3", "punctuation")} and again.accepted == []
    # a bad --accept is refused before any file is read
    for options, message in [(CheckOptions(accept="1:term-forbidden", reason="x"),
                              "needs --suppressions"),
                             (CheckOptions(accept="1:term-forbidden", suppressions=rules),
                              "needs a --reason")]:
        with pytest.raises(UsageError, match=message):
            check_files([tmp_path / "missing.tsv"], glossary=GLOSSARY, options=options)


def test_an_old_suppression_file_warns_through_the_callback(tmp_path: Path, delivery: Path
                                                             ) -> None:
    from tm_tool.checks import CheckOptions, check_files

    rules = tmp_path / "old.tsv"
    rules.write_text("unit\tcheck\tterm\treason\n3\tpunctuation\t\tstyle guide\n",
                     encoding="utf-8")
    warnings: list[str] = []
    report = check_files([delivery], glossary=GLOSSARY, options=CheckOptions(
        src="zh-CN", tgt="en", suppressions=rules, warn=warnings.append))
    assert found(report) == {("1", "term-forbidden")}
    assert len(warnings) == 1 and "1 row in the old format" in warnings[0]

"""The glossary from the command line: term lookup with statuses, maintenance, history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_tm

GLOSSARY = (
    "concept\tzh\ten\tstatus\tcase_sensitive\tpos\tnote\n"
    "two-establishments\t两个确立\tTwo Establishments\tpreferred\tyes\tnoun\tofficial [S1]\n"
    "two-establishments\t两个确立\tTwo Affirmations\tdeprecated\t\t\tthe article's error\n"
    "greater-bay-area\t粤港澳大湾区\tGuangdong-Hong Kong-Macao Greater Bay Area\tpreferred"
    "\t\t\t\n"
    "chinese-modernization\t中国式现代化\tChinese modernization\tpreferred\t\t\t\n"
    "megacity-governance\t超大城市现代化治理\tmodernization of megacity governance\tpreferred"
    "\t\t\t\n"
    "plan-1310\t\"1310\"具体部署\t\"1310\" specific deployment\tpreferred\t\t\t\n"
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    source = tmp_path / "g.tsv"
    source.write_text(GLOSSARY, encoding="utf-8")
    path = tmp_path / "g.db"
    assert run_tm("--db", path, "glossary", "import", source).exit_code == 0
    return path


def term_json(db: Path, *args: str) -> list[dict]:
    result = run_tm("--db", db, "term", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["terms"]


# --- term lookup shows status (issue 13 item 4; trial #4, #19, #20) --------------------------

def test_term_marks_a_deprecated_rendering_and_names_the_preferred_one(db: Path) -> None:
    text = run_tm("--db", db, "term", "Two Affirmations").stdout
    assert "Two Affirmations (exact 100) → 两个确立  ✗ deprecated, use Two Establishments" in text
    (hit,) = term_json(db, "Two Affirmations")
    assert (hit["status"], hit["use"]) == ("deprecated", "Two Establishments")


def test_term_marks_wrong_capitals_of_a_case_sensitive_rendering(db: Path) -> None:
    text = run_tm("--db", db, "term", "two establishments").stdout
    assert '✗ wrong capitalisation, use "Two Establishments"' in text
    (hit,) = term_json(db, "two establishments")
    assert (hit["status"], hit["use"]) == ("wrong-case", "Two Establishments")
    (right,) = term_json(db, "Two Establishments")
    assert (right["status"], right["use"]) == ("preferred", None)
    assert "✗" not in run_tm("--db", db, "term", "Two Establishments").stdout


@pytest.mark.parametrize("query", ["湾区", "大湾区", "灣區"])
def test_term_finds_a_chinese_term_by_a_part_of_it(db: Path, query: str) -> None:
    hits = term_json(db, query)
    assert [(h["matched"], h["match"]) for h in hits][:1] == [("粤港澳大湾区", "part")]
    assert "Guangdong-Hong Kong-Macao Greater Bay Area" in run_tm(
        "--db", db, "term", query).stdout


def test_term_finds_english_terms_by_whole_words(db: Path) -> None:
    matched = {h["matched"]: h["match"] for h in term_json(db, "modernization")}
    assert matched["modernization of megacity governance"] == "prefix"
    assert matched["Chinese modernization"] == "part"


def test_min_score_applies_to_every_kind_of_match(db: Path) -> None:
    assert all(h["score"] >= 90 for h in term_json(db, "modernization", "--min-score", "90"))
    assert term_json(db, "modernization", "--min-score", "90") == []
    assert term_json(db, "湾区", "--min-score", "60") == []  # 2 of 6 characters
    assert [h["score"] for h in term_json(db, "大湾区", "--min-score", "50")] == [50]


def test_lookup_lists_terms_with_their_status(db: Path) -> None:
    query = "We will uphold the Two Affirmations and the Two Establishments."
    text = run_tm("--db", db, "lookup", query).stdout
    assert "term Two Affirmations → 两个确立  ✗ deprecated, use Two Establishments" in text
    assert "term Two Establishments → 两个确立  also" not in text
    data = json.loads(run_tm("--db", db, "lookup", query, "--json").stdout)
    statuses = [(t["term"], t["status"], t["use"]) for t in data["terms"]]
    assert statuses == [("Two Affirmations", "deprecated", "Two Establishments"),
                        ("Two Establishments", "preferred", None)]


def test_lookup_marks_wrong_capitals_in_an_english_sentence(db: Path) -> None:
    data = json.loads(run_tm("--db", db, "lookup", "uphold the two establishments",
                             "--json").stdout)
    assert [(t["status"], t["use"]) for t in data["terms"]] == [
        ("wrong-case", "Two Establishments")]


@pytest.mark.parametrize(("query", "span"), [
    ("要认真落实省委“1310”具体部署", "“1310”具体部署"),
    ('要认真落实省委"1310"具体部署', '"1310"具体部署'),
    ("要认真落实省委1310具体部署", "1310具体部署"),
])
def test_term_spans_hold_both_quotes_of_a_pair_or_neither(db: Path, query: str, span: str
                                                          ) -> None:
    data = json.loads(run_tm("--db", db, "lookup", query, "--json").stdout)
    (term,) = data["terms"]
    assert term["term"] == span == query[term["start"]:term["end"]]


# --- glossary maintenance (issue 13 item 3; trial #2, #3, #17) --------------------------------

def tm(db: Path, *args: str | Path) -> object:
    return run_tm("--db", db, "glossary", *args)


def listing(db: Path) -> list[dict]:
    return json.loads(tm(db, "list", "--json").stdout)


def test_add_set_status_remove_rename_each_report_what_changed(db: Path) -> None:
    result = tm(db, "add", "two-establishments", "--en", "Two Firm Establishments",
                "--status", "admitted", "--note", "seen in drafts", "--user", "alice")
    assert result.exit_code == 0, result.stderr
    assert 'two-establishments: + en "Two Firm Establishments" (admitted)' in result.stdout
    result = tm(db, "set-status", "two-establishments", "Two Firm Establishments",
                "deprecated", "--json")
    (change,) = json.loads(result.stdout)["changes"]
    assert change["changes"] == [
        "en \"Two Firm Establishments\" status 'admitted' → 'deprecated'"]
    assert "renamed from two-establishments" in tm(db, "rename", "two-establishments",
                                                   "two-est").stdout
    assert "- en \"Two Firm Establishments\"" in tm(db, "remove", "two-est",
                                                    "Two Firm Establishments").stdout
    assert "- concept" in tm(db, "remove", "plan-1310").stdout
    keys = [c["concept"] for c in listing(db)]
    assert "two-est" in keys and "plan-1310" not in keys and "two-establishments" not in keys


def test_add_a_new_concept_with_its_case_rule_and_part_of_speech(db: Path) -> None:
    assert tm(db, "add", "new-concept", "--zh", "新概念", "--en", "New Concept",
              "--case-sensitive", "--pos", "noun").exit_code == 0
    (concept,) = [c for c in listing(db) if c["concept"] == "new-concept"]
    assert [(t["text"], t["status"], t["case_sensitive"], t["pos"]) for t in concept["terms"]
            ] == [("新概念", "preferred", None, None), ("New Concept", "preferred", True, "noun")]


@pytest.mark.parametrize(("args", "why"), [
    (["add", "two-establishments", "--en", "Two Firm Establishments"],
     "two-establishments: 2 preferred en renderings"),
    (["add", "other", "--zh", "两个确立", "--en", "Other"],
     "zh term '两个确立' also belongs to concept 'two-establishments'"),
    (["set-status", "two-establishments", "Two Affirmations", "preferred"],
     "2 preferred en renderings"),
    (["set-status", "two-establishments", "nosuch", "preferred"], "has no term 'nosuch'"),
    (["remove", "nosuch"], "no concept 'nosuch'"),
    (["rename", "two-establishments", "plan-1310"], "'plan-1310' exists already"),
])
def test_a_change_that_breaks_the_glossary_is_refused_in_one_line(db: Path, args: list[str],
                                                                  why: str) -> None:
    before = listing(db)
    result = tm(db, *args)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("tm: error: ") and why in line
    assert listing(db) == before


def test_force_makes_a_refused_change(db: Path) -> None:
    assert tm(db, "add", "two-establishments", "--en", "Two Firm Establishments",
              "--force").exit_code == 0
    assert tm(db, "validate").exit_code == 1


BAD = ("concept\tzh\ten\tstatus\n"
       "two-establishments\t两个确立\tTwo Establishments\tpreferred\n"
       "two-establishments\t两个确立\tTwo Firm Establishments\tpreferred\n"
       "chinese-modernization\t中国式现代化\tChinese modernization\tpreferred\n"
       "chinese-modernization\t中国式现代化\tChinese-style modernization\tadmitted\n"
       "other\t两个确立\tSomething\tpreferred\n")


def test_validate_without_files_checks_the_stored_glossary(db: Path) -> None:
    result = tm(db, "validate")
    assert result.exit_code == 0 and "5 concepts, 0 errors" in result.stdout


def test_import_refuses_an_invalid_glossary_naming_file_and_line(db: Path, tmp_path: Path
                                                                 ) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(BAD, encoding="utf-8")
    before = listing(db)
    result = tm(db, "import", bad)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith(f"tm: error: {bad}:") for line in lines)
    assert any(f"{bad}:2: two-establishments: 2 preferred" in line for line in lines)
    assert any(f"{bad}:6: other: zh term '两个确立'" in line for line in lines)
    assert listing(db) == before
    assert tm(db, "import", bad, "--force").exit_code == 0
    assert tm(db, "validate").exit_code == 1


def test_import_replace_reports_what_it_removes_and_dry_run_writes_nothing(db: Path,
                                                                          tmp_path: Path
                                                                          ) -> None:
    small = tmp_path / "small.tsv"
    small.write_text(GLOSSARY.splitlines()[0] + "\n" + GLOSSARY.splitlines()[1] + "\n",
                     encoding="utf-8")
    before = listing(db)
    result = tm(db, "import", "--replace", "--dry-run", small)
    assert result.exit_code == 0
    assert "greater-bay-area: - concept" in result.stdout and "dry run" in result.stdout
    assert '- en "Two Affirmations"' in result.stdout
    assert listing(db) == before
    result = tm(db, "import", "--replace", small, "--json")
    removed = [c["concept"] for c in json.loads(result.stdout)["changes"]
               if c["after"] is None]
    assert len(removed) == 4 and [c["concept"] for c in listing(db)] == ["two-establishments"]


def test_import_replace_refuses_an_empty_file(db: Path, tmp_path: Path) -> None:
    for content in ("", "concept\tzh\ten\tstatus\n"):
        empty = tmp_path / "empty.tsv"
        empty.write_text(content, encoding="utf-8")
        result = tm(db, "import", "--replace", empty)
        assert result.exit_code == 2
        (line,) = result.stderr.strip().splitlines()
        assert str(empty) in line and "no glossary entries" in line
    assert len(listing(db)) == 5


def test_history_records_who_when_before_and_after(db: Path, monkeypatch) -> None:
    monkeypatch.setenv("TM_USER", "reviewer")
    tm(db, "set-status", "two-establishments", "Two Affirmations", "admitted", "--force")
    entries = json.loads(tm(db, "history", "two-establishments", "--json").stdout)
    last = entries[-1]
    assert (last["user"], last["command"]) == ("reviewer", "set-status")
    statuses = {t["text"]: t["status"] for t in last["before"]["terms"]}
    assert statuses["Two Affirmations"] == "deprecated"
    assert {t["text"]: t["status"] for t in last["after"]["terms"]}["Two Affirmations"] == \
        "admitted"
    text = tm(db, "history", "two-establishments").stdout
    assert "reviewer  set-status  two-establishments" in text
    assert json.loads(tm(db, "history", "--since", "2999-01-01", "--json").stdout) == []
    assert tm(db, "history", "--since", "yesterday").exit_code == 2


def test_list_prints_whole_terms_as_tsv_when_piped_and_zh_terms_with_lang(db: Path) -> None:
    text = tm(db, "list").stdout
    rows = [line.split("\t") for line in text.splitlines()]
    assert rows[0] == ["concept", "lang", "term", "status", "case_sensitive", "pos", "note"]
    assert ["greater-bay-area", "en", "Guangdong-Hong Kong-Macao Greater Bay Area",
            "preferred", "", "", ""] in rows
    zh = [row[2] for row in (line.split("\t") for line in
                             tm(db, "list", "--lang", "zh").stdout.splitlines()[1:])]
    assert "粤港澳大湾区" in zh and "Two Establishments" not in zh
    table = tm(db, "list", "--format", "table").stdout
    assert "…" not in table and "concepts" in table


def test_validation_problems_are_one_line_each_however_long(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    key = "A-Concept-Id-Long-Enough-To-Pass-Any-Terminal-Width-In-Capitals-" * 2
    path.write_text(f"concept\tzh\ten\n{key}\t两个确立\tTwo Establishments\n", encoding="utf-8")
    result = run_tm("glossary", "validate", path)
    (line,) = result.stderr.strip().splitlines()
    assert line.endswith("concept id should be lower-case ASCII words joined by hyphens")

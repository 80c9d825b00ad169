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

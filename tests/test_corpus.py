"""The corpus and the controlled glossary are the gold standard: validate them."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from conftest import CORPUS_DIR, GLOSSARY_DIR, SHARED, missing, run_tm

from tm_tool import glossary as rules
from tm_tool.formats import ReadOptions
from tm_tool.formats.glossary_table import TsvGlossaryFormat
from tm_tool.termmatch import Termbase

CORPUS_FILES = sorted(CORPUS_DIR.glob("*.tsv"))
GLOSSARY_FILES = sorted(GLOSSARY_DIR.glob("*.tsv"))


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    assert CORPUS_FILES, "corpus/*.tsv is missing"
    return [row for path in CORPUS_FILES for row in rows(path)]


@pytest.fixture(scope="module")
def concepts():
    assert GLOSSARY_FILES, "glossary/*.tsv is missing"
    return [c for path in GLOSSARY_FILES
            for c in TsvGlossaryFormat().read(path, ReadOptions())]


def test_corpus_files_have_the_agreed_header() -> None:
    for path in CORPUS_FILES:
        header = path.read_text(encoding="utf-8").split("\n", 1)[0].split("\t")
        assert header[:3] == ["id", "zh", "en"], path


def test_every_segment_has_both_sides_and_no_stray_whitespace(corpus) -> None:
    for row in corpus:
        for side in ("zh", "en"):
            assert row[side] and row[side] == row[side].strip(), (row["id"], side)
            assert "  " not in row[side], (row["id"], side)


def test_ids_are_unique_and_contiguous(corpus) -> None:
    for path in CORPUS_FILES:
        ids = [int(row["id"]) for row in rows(path)]
        assert ids == list(range(1, len(ids) + 1)), path


def test_size_fits_a_sentence_aligned_article(corpus) -> None:
    assert 65 <= len(corpus) <= 80


def test_english_side_is_the_seed_article_in_order(corpus) -> None:
    seed = SHARED / "seed" / "000_5dbff7d3c8078df1.txt"
    if not seed.exists():
        missing("../shared/seed (the seed article) is not present")
    text = seed.read_text(encoding="utf-8")
    position = 0
    for row in corpus:
        found = text.find(row["en"], position)
        assert found >= 0, f"segment {row['id']} is not seed text (in order): {row['en'][:60]}"
        position = found + len(row["en"])
    assert "Leave a Reply" not in " ".join(r["en"] for r in corpus)


# The article's Chinese is all Han apart from numbers and punctuation (which han_ratio does not
# count); a row with an English phrase pasted in falls below this.
MIN_HAN_RATIO = 0.9


def test_the_han_ratio_threshold_rejects_a_row_that_is_not_chinese() -> None:
    from tm_tool.text import han_ratio

    assert han_ratio("要认真落实市委“1310”具体部署") >= MIN_HAN_RATIO
    for wrong in ("Two Establishments", "两个确立 (Two Establishments)", "东莞 Dongguan city"):
        assert han_ratio(wrong) < MIN_HAN_RATIO, wrong


def test_chinese_side_is_simplified_chinese(corpus) -> None:
    from tm_tool.text import han_ratio, to_simplified

    for row in corpus:
        if re.search(r"[\u4e00-\u9fff]", row["en"]):
            pytest.fail(f"segment {row['id']}: Chinese characters in the English side")
        assert han_ratio(row["zh"]) >= MIN_HAN_RATIO, (row["id"], row["zh"])
        assert to_simplified(row["zh"]) == row["zh"], f"segment {row['id']} is not Simplified"


def test_official_numbers_survive_untouched(corpus) -> None:
    for token in ("1310", "8+8+4"):
        zh = [r["id"] for r in corpus if token in r["zh"]]
        en = [r["id"] for r in corpus if token in r["en"]]
        assert zh and zh == en, token


def test_glossary_validates_and_is_big_enough(concepts) -> None:
    problems = [p for p in rules.validate(concepts) if p.severity == "error"]
    assert problems == []
    assert len(concepts) >= 40
    statuses = {t.status for c in concepts for t in c.terms}
    assert statuses == {"preferred", "admitted", "deprecated"}
    with_deprecated = [c for c in concepts if c.terms_in("en", ("deprecated",))]
    assert len(with_deprecated) >= 25


def test_glossary_has_the_official_forms(concepts) -> None:
    preferred = {c.terms_in("zh")[0].text: c.preferred("en").text for c in concepts}
    assert preferred["两个确立"] == "Two Establishments"
    assert preferred["两个维护"] == "Two Upholds"
    assert preferred['"1310"具体部署'] == '"1310" specific deployment'
    assert preferred["中国式现代化"] == "Chinese modernization"
    deprecated = {t.text for c in concepts for t in c.terms_in("en", ("deprecated",))}
    assert {"two establishments", "Two Affirmations", "Chinese-style modernization"} <= deprecated


def test_rows_that_are_not_approved_say_why(corpus) -> None:
    """reviewed: a name or quoted form in the zh is unverified; rejected: the article's English
    (kept verbatim) is wrong. Either way the note says what, and approved rows claim nothing
    unverified."""
    for row in corpus:
        assert row["status"] in ("approved", "reviewed", "rejected"), row["id"]
        if row["status"] == "rejected":
            assert row["note"].startswith("EN error: "), row["id"]
        elif row["status"] == "reviewed":
            assert "unverified" in row["note"], row["id"]
        else:
            assert "unverified" not in row["note"] and "EN error" not in row["note"], row["id"]


def test_the_articles_wrong_english_is_never_approved(corpus) -> None:
    wrong = {"tens of millions": {"27", "32"}, "outbound investment": {"37"},
             "Suggestions of the": {"13", "16"}, "inspection report": {"65"}}
    for phrase, ids in wrong.items():
        assert {r["id"] for r in corpus if phrase in r["en"]} == ids, phrase
        assert all(r["status"] == "rejected" for r in corpus if r["id"] in ids), phrase


def test_every_glossary_term_in_a_source_is_rendered_as_the_glossary_says(corpus, concepts
                                                                         ) -> None:
    """Every row but those whose English is the article's error (rejected)."""
    termbase = Termbase(concepts)
    used = set()
    for row in corpus:
        for hit in termbase.scan(row["zh"]):
            used.add(hit.concept.key)
            if row["status"] == "rejected":
                continue
            verdict = termbase.judge(hit.concept, row["en"])
            accepted = [t.text for t in hit.concept.terms_in("en", ("preferred", "admitted"))]
            assert verdict.accepted, f"segment {row['id']}: {hit.text} needs {accepted}"
            assert not verdict.deprecated, f"segment {row['id']}: {verdict.deprecated}"
    unused = [c.key for c in concepts if c.key not in used]
    assert len(unused) <= len(concepts) // 4, f"glossary concepts not in the article: {unused}"


def test_glossary_files_pass_tm_glossary_validate() -> None:
    result = run_tm("glossary", "validate", *GLOSSARY_FILES)
    assert result.exit_code == 0, result.stderr

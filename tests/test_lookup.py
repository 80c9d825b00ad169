"""Lookup for translators: match scores, fuzzy matches, concordance, term lookup, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import run_tm

from tm_tool.index.keys import tokens
from tm_tool.lookup import Lookup
from tm_tool.lookup.scoring import score, similarity
from tm_tool.model import Concept, Segment, Term
from tm_tool.store import Store

TM = [
    ("推动高质量发展。", "Promote high-quality development."),
    ("坚决做到“两个维护”。", "Resolutely uphold the “Two Safeguards”."),
    ("以实际行动坚定拥护“两个确立”。", "Firmly support the “Two Establishments” through actions."),
    ("加快培育壮大新质生产力。", "Foster new quality productive forces at a faster pace."),
    ("稳步扩大高水平对外开放。", "Steadily advance high-level opening up."),
]
GLOSSARY = [
    Concept("two-establishments", [Term("两个确立", "zh-CN"), Term("Two Establishments", "en"),
                                   Term("Two Affirmations", "en", "deprecated")]),
    Concept("plan-1310", [Term('"1310"具体部署', "zh-CN"),
                          Term('"1310" specific deployment', "en")]),
    Concept("hqd", [Term("高质量发展", "zh-CN"), Term("high-quality development", "en"),
                    Term("high quality development", "en", "deprecated")]),
    Concept("hundred-county", [Term("百县千镇万村高质量发展工程", "zh-CN"),
                               Term("100-County, 1,000-Town and 10,000-Village Project", "en")]),
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "tm.db"
    with Store.open(path, create=True) as store:
        store.import_segments([Segment(s, t, "zh-CN", "en", position=i)
                               for i, (s, t) in enumerate(TM, 1)], origin="doc")
        store.import_glossary(GLOSSARY)
    return path


@pytest.fixture
def lookup(db: Path):
    with Store.open(db) as store:
        yield Lookup(store)


# --- the score, against hand-computed values ----------------------------------------------

def test_chinese_scores_are_over_characters() -> None:
    # 推动 → 推进: one substitution in 7 characters: 100 × (1 − 1/7) = 85.7
    assert tokens("推动高质量发展") == list("推动高质量发展")
    assert similarity(tokens("推进高质量发展"), tokens("推动高质量发展")) == pytest.approx(85.714,
                                                                                      0.001)
    assert score("推进高质量发展", "推动高质量发展", tokens("推进高质量发展"),
                 tokens("推动高质量发展")) == 85


def test_english_scores_are_over_words() -> None:
    # one word of five replaced: 100 × (1 − 1/5) = 80
    q, s = "we promote high-quality growth", "We promote high-quality development"
    assert tokens(q) == ["we", "promote", "high", "quality", "growth"]
    assert score(q, s, tokens(q), tokens(s)) == 80


def test_identical_is_100_and_width_or_punctuation_differences_are_99() -> None:
    text = "坚决做到“两个维护”。"
    assert score(text, text, tokens(text), tokens(text)) == 100
    for near in ('坚决做到"两个维护".', "坚决做到“两个维护”", "坚决做到　“两个维护”。"):
        assert score(near, text, tokens(near), tokens(text)) == 99, near


# --- TM matches ---------------------------------------------------------------------------

def test_exact_match_comes_first_with_100(lookup) -> None:
    (best, *_) = lookup.matches("推动高质量发展。")
    assert (best.score, best.target) == (100, "Promote high-quality development.")


def test_fuzzy_match_with_one_character_changed(lookup) -> None:
    (best,) = lookup.matches("坚决做到“两个确立”。")  # 维护 → 确立: 2 of 8 characters
    assert best.source == "坚决做到“两个维护”。" and best.score == 75
    changed = [op for op in best.diff if op["op"] != "equal"]
    assert changed == [{"op": "replace", "match": "维护", "query": "确立"}]
    assert "".join(op["match"] for op in best.diff) == best.source


def test_min_score_and_limit(lookup) -> None:
    assert lookup.matches("坚决做到“两个确立”。", min_score=80) == []
    query = "加快推动高水平对外开放。"  # three segments share characters with it
    assert len(lookup.matches(query, min_score=1, limit=5)) == 3
    assert [(m.score, m.source) for m in lookup.matches(query, min_score=1, limit=2)] == [
        (63, "稳步扩大高水平对外开放。"), (27, "推动高质量发展。")]


def test_traditional_query_finds_simplified_segment(lookup) -> None:
    (best,) = lookup.matches("推動高質量發展。")
    assert best.source == "推动高质量发展。" and best.score >= 98


def test_english_query_searches_the_english_side(lookup) -> None:
    (best,) = lookup.matches("Promote high-quality development!")
    assert best.score == 99
    assert best.source == "Promote high-quality development."
    assert best.target == "推动高质量发展。" and best.source_lang == "en"


def test_glossary_hits_in_a_query_longest_match_wins(lookup) -> None:
    hits = lookup.glossary_hits("以“百县千镇万村高质量发展工程”为牵引，落实“1310”具体部署")
    assert [h.concept.key for h in hits] == ["hundred-county", "plan-1310"]
    data = lookup.glossary_hits("坚定拥护两个确立")[0].as_dict()
    assert data["preferred"] == "Two Establishments"
    assert data["deprecated"] == ["Two Affirmations"]
    assert (data["start"], data["end"]) == (4, 8)


# --- concordance --------------------------------------------------------------------------

def test_concordance_of_one_and_two_chinese_characters(lookup) -> None:
    two = lookup.concordance("两个")
    assert two.total == 2
    assert {h.segment.source for h in two.hits} == {TM[1][0], TM[2][0]}
    hit = two.hits[0]
    start, end = hit.spans[0]
    assert hit.segment.source[start:end] == "两个"
    assert lookup.concordance("新").total == 1
    assert lookup.concordance("高").total == 2  # 高质量 and 高水平


def test_concordance_is_case_insensitive_in_english_and_sides_filter(lookup) -> None:
    result = lookup.concordance("TWO establishments")
    assert result.total == 1 and result.hits[0].side == "target"
    assert lookup.concordance("two establishments", side="source").total == 0
    assert lookup.concordance("高质量发展", side="target").total == 0


def test_a_hash_collision_in_english_postings_is_caught(tmp_path: Path) -> None:
    """English words and pairs are hashed, and their postings are taken on trust but for the
    hits up to the page shown; a candidate there whose text lacks the phrase (as a colliding
    key would give) is dropped, and the total is then counted against the texts."""
    texts = ["A supply of water.", "Water, supply and demand."]  # reversed; adjacent
    texts += [f"The water supply of district {i}." for i in range(1, 61)]
    with Store.open(tmp_path / "tm.db", create=True) as store:
        store.import_segments([Segment(f"第{i}段", t, "zh-CN", "en", position=i)
                               for i, t in enumerate(texts, 1)], origin="doc")
        lookup = Lookup(store)
        honest = lookup.concordance("water supply", side="target", limit=5)
        assert honest.total == 61 and len(honest.hits) == 5
        ids = lookup.postings.ids
        intruder = 1  # "A supply of water.": no "water supply" in it
        lookup.postings.ids = lambda side, gram: np.union1d(ids(side, gram), [intruder])
        for limit in (5, 70):
            found = lookup.concordance("water supply", side="target", limit=limit)
            assert found.total == 61
            assert intruder not in [hit.segment.id for hit in found.hits]


def test_concordance_total_counts_beyond_the_limit(lookup) -> None:
    result = lookup.concordance("。", limit=1)
    assert result.total == 0  # punctuation is not indexed
    result = lookup.concordance("高", limit=1)
    assert result.total == 2 and len(result.hits) == 1
    second = lookup.concordance("高", limit=1, offset=1).hits[0]
    assert second.segment.id != result.hits[0].segment.id


def test_long_phrases_are_checked_for_contiguity(lookup) -> None:
    assert lookup.concordance("高质量发展").total == 1
    assert lookup.concordance("高水平发展").total == 0  # both bigrams exist, never adjacent


# --- term lookup --------------------------------------------------------------------------

def test_term_lookup_in_both_directions(lookup) -> None:
    (hit, *_) = lookup.terms("两个确立")
    assert (hit.concept.key, hit.match) == ("two-establishments", "exact")
    (hit, *_) = lookup.terms("Two Establishments")
    assert hit.as_dict()["preferred"] == "两个确立"


def test_traditional_and_quote_variants_are_normalised(lookup) -> None:
    assert lookup.terms("兩個確立")[0].concept.key == "two-establishments"
    for variant in ('"1310"具体部署', "“1310”具体部署", "＂１３１０＂具体部署"):
        (hit, *_) = lookup.terms(variant)
        assert (hit.concept.key, hit.match) == ("plan-1310", "exact"), variant


def test_prefix_and_fuzzy_term_lookup(lookup) -> None:
    (hit, *_) = lookup.terms("百县千镇")
    assert (hit.concept.key, hit.match) == ("hundred-county", "prefix")
    (hit, *_) = lookup.terms("Two Establishment")
    assert (hit.concept.key, hit.match, hit.score) == ("two-establishments", "prefix", 94)
    assert lookup.terms("完全无关的词") == []


# --- the command line ---------------------------------------------------------------------

def test_lookup_json_shape(db: Path) -> None:
    result = run_tm("--db", db, "lookup", "坚决做到“两个确立”。", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"query", "lang", "matches", "terms"}
    assert data["lang"] == "zh"
    match = data["matches"][0]
    assert {"score", "source", "target", "origin", "diff"} <= set(match)
    assert match["origin"] == "doc"
    term = data["terms"][0]
    assert {"term", "start", "end", "preferred", "admitted", "deprecated"} <= set(term)


def test_queries_on_stdin_give_one_json_object_per_line(db: Path) -> None:
    result = run_tm("--db", db, "lookup", "--json", stdin="推动高质量发展。\nTwo Establishments\n")
    lines = result.stdout.strip().splitlines()
    assert [json.loads(line)["lang"] for line in lines] == ["zh", "en"]
    assert json.loads(lines[0])["matches"][0]["score"] == 100


def test_concordance_and_term_commands(db: Path) -> None:
    data = json.loads(run_tm("--db", db, "concordance", "两个", "--json").stdout)
    assert data["total"] == 2 and {"segment_id", "source", "target", "spans"} <= set(
        data["hits"][0])
    data = json.loads(run_tm("--db", db, "term", "兩個確立", "--json").stdout)
    assert data["terms"][0]["preferred"] == "Two Establishments"
    text = run_tm("--db", db, "term", "兩個確立").stdout
    assert "Two Establishments" in text and "Two Affirmations" in text
    missing = run_tm("--db", db, "term", "不存在的术语")  # no match: an answer, exit 0
    assert (missing.exit_code, missing.stdout) == (0, "")
    assert missing.stderr == "tm: no glossary entry for 不存在的术语\n"

"""Lookup for translators: match scores, fuzzy matches, concordance, term lookup, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import run_tm

from tm_tool.errors import UsageError
from tm_tool.index.keys import tokens
from tm_tool.lookup import Lookup, SearchOptions
from tm_tool.lookup.scoring import score, similarity
from tm_tool.lookup.sentences import split_sentences
from tm_tool.model import Concept, Segment, Term
from tm_tool.store import Store
from tm_tool.store.segments import SegmentFilter

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
        ids_of_all = lookup.postings.ids_of_all
        intruder = 1  # "A supply of water.": no "water supply" in it
        lookup.postings.ids_of_all = lambda side, grams: [  # type: ignore[method-assign]
            np.union1d(ids, [intruder]) for ids in ids_of_all(side, grams)]
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
    assert set(data) == {"query", "lang", "matches", "terms", "sentences"}
    assert data["lang"] == "zh" and data["sentences"] == []  # one sentence
    match = data["matches"][0]
    assert {"score", "source", "target", "origin", "diff", "duplicates", "term_issues"} <= set(
        match)
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


# --- ranking a translator can rely on (issue #18, item 3) ---------------------------------

def _lookup_over(tmp_path: Path, rows: list[tuple], glossary: list[Concept] = (),
                 origin: str = "doc") -> Lookup:
    """A Lookup over a new store of (source, target, status, changed_at[, origin]) rows."""
    store = Store.open(tmp_path / "rank.db", create=True)
    by_origin: dict[str, list[Segment]] = {}
    for n, (src, tgt, status, changed, *where) in enumerate(rows, 1):
        by_origin.setdefault(where[0] if where else origin, []).append(
            Segment(src, tgt, "zh-CN", "en", position=n, status=status, changed_at=changed))
    for name, segments in by_origin.items():
        store.import_segments(segments, origin=name)
    if glossary:
        store.import_glossary(list(glossary))
    return Lookup(store)


SENTENCE = "推动高质量发展。"


def test_equal_scores_rank_approved_then_translated_then_fuzzy_then_the_newest(
        tmp_path: Path) -> None:
    lookup = _lookup_over(tmp_path, [
        (SENTENCE, "Fuzzy, newest.", "fuzzy", "2026-06-01T00:00:00Z"),
        (SENTENCE, "Translated, old.", "translated", "2024-01-01T00:00:00Z"),
        (SENTENCE, "Approved, oldest.", "approved", "2020-01-01T00:00:00Z"),
        (SENTENCE, "Translated, newer.", "translated", "2025-01-01T10:00:00.5+00:00"),
        (SENTENCE, "Rejected.", "rejected", "2026-07-01T00:00:00Z"),
    ])
    found = lookup.matches(SENTENCE, limit=10)
    assert [m.target for m in found] == ["Approved, oldest.", "Translated, newer.",
                                         "Translated, old.", "Fuzzy, newest.", "Rejected."]
    assert {m.score for m in found} == {100}


def test_identical_segments_are_shown_once_with_their_count(tmp_path: Path) -> None:
    same = "Promote high-quality development in Café Street."
    lookup = _lookup_over(tmp_path, [
        (SENTENCE, same, "translated", "2024-01-01T00:00:00Z", "a.tmx"),
        (SENTENCE, same.replace("é", "e\u0301"), "translated", "2025-01-01T00:00:00Z",
         "b.tmx"),  # the same after NFC
        (SENTENCE, same, "approved", "2023-01-01T00:00:00Z", "c.po"),
        (SENTENCE, "Drive high-quality development.", "fuzzy", "2026-01-01T00:00:00Z"),
    ])
    (first, second) = lookup.matches(SENTENCE, limit=2)
    assert (first.target, first.status, first.origin, first.duplicates) == (
        same, "approved", "c.po", 2)  # the best-ranked of the three stands for them
    assert (second.target, second.duplicates) == ("Drive high-quality development.", 0)
    assert first.as_dict()["duplicates"] == 2


def test_many_identical_exact_matches_do_not_hide_a_different_one(tmp_path: Path) -> None:
    """More identical segments than a batch of candidates: the distinct one, stored last,
    is still the second match (equal scores are read together)."""
    rows = [(SENTENCE, "Promote high-quality development.", "translated",
             "2024-01-01T00:00:00Z")] * 30
    rows.append((SENTENCE, "Pursue high-quality development.", "fuzzy", "2024-01-01T00:00:00Z"))
    (first, second) = _lookup_over(tmp_path, rows).matches(SENTENCE, limit=2)
    assert first.duplicates == 29
    assert second.target == "Pursue high-quality development."


HQD = Concept("hqd", [Term("高质量发展", "zh-CN"), Term("high-quality development", "en"),
                      Term("high quality development", "en", "deprecated")])
QUERY_20 = "推动高质量发展是建设现代化国家的首要任务。"  # 20 characters: one edit scores 95
QUERY_17 = "推动高质量发展是现代化国家首要任务。"  # 17 characters: one edit scores 94
DEPRECATED_EN = "Promoting high quality development is the primary task."
CLEAN_EN = "Advancing high-quality development is the primary task."


def test_a_deprecated_term_ranks_below_a_clean_match_up_to_5_points_lower(
        tmp_path: Path) -> None:
    lookup = _lookup_over(tmp_path, [
        (QUERY_20, DEPRECATED_EN, "approved", None),
        (QUERY_20.replace("推动", "推进"), CLEAN_EN, "translated", None),  # 95
        (QUERY_17, DEPRECATED_EN, "approved", None),
        (QUERY_17.replace("推动", "推进"), CLEAN_EN, "translated", None),  # 94
    ], [HQD])
    five_lower = lookup.matches(QUERY_20, min_score=90)
    assert [(m.score, m.target) for m in five_lower] == [(95, CLEAN_EN), (100, DEPRECATED_EN)]
    assert five_lower[1].as_dict()["term_issues"] == [{
        "concept": "hqd", "problem": "deprecated", "found": "high quality development",
        "preferred": "high-quality development"}]
    assert five_lower[0].term_issues == []
    six_lower = lookup.matches(QUERY_17, min_score=90)
    assert [(m.score, m.target) for m in six_lower] == [(100, DEPRECATED_EN), (94, CLEAN_EN)]


def test_a_target_missing_the_term_is_demoted_and_marked(tmp_path: Path) -> None:
    missing_en = "Promoting growth is the primary task."
    lookup = _lookup_over(tmp_path, [
        (QUERY_20, missing_en, "approved", None),
        (QUERY_20.replace("推动", "推进"), CLEAN_EN, "fuzzy", None),
    ], [HQD])
    (clean, missing) = lookup.matches(QUERY_20, min_score=90)
    assert (clean.target, missing.target) == (CLEAN_EN, missing_en)
    assert [i.as_dict() for i in missing.term_issues] == [{
        "concept": "hqd", "problem": "missing", "found": "高质量发展",
        "preferred": "high-quality development"}]


def test_untranslated_segments_are_never_matches(tmp_path: Path) -> None:
    lookup = _lookup_over(tmp_path, [(SENTENCE, "", "new", None), (SENTENCE, "  ", "new", None),
                                     ("推动高质量发展！", "Promote it!", "translated", None)])
    assert [m.target for m in lookup.matches(SENTENCE, min_score=50)] == ["Promote it!"]


def test_matches_filtered_by_origin_and_status(tmp_path: Path) -> None:
    lookup = _lookup_over(tmp_path, [
        (SENTENCE, "From a.", "approved", None, "a.tmx"),
        (SENTENCE, "From b.", "translated", None, "b.tmx"),
        (SENTENCE, "Also from b.", "approved", None, "b.tmx"),
    ])
    assert [m.target for m in lookup.matches(SENTENCE, where=SegmentFilter(origin="b.tmx"))
            ] == ["Also from b.", "From b."]
    assert [m.target for m in lookup.matches(
        SENTENCE, where=SegmentFilter(origin="b.tmx", status="translated"))] == ["From b."]


# --- multi-sentence queries, concordance options (issue #18, item 5) ----------------------

def test_a_query_of_several_sentences_is_matched_sentence_by_sentence(lookup) -> None:
    assert split_sentences("第一句。第二句！“第三句？”第四句") == [
        "第一句。", "第二句！", "“第三句？”", "第四句"]
    assert split_sentences("Fourth, Dec. 12. Mr. Li left. Fifth") == [
        "Fourth, Dec. 12.", "Mr. Li left.", "Fifth"]
    answers = lookup.sentence_matches("推动高质量发展。坚决做到“两个维护”。")
    assert [(sentence, [m.score for m in found][:1]) for sentence, found in answers] == [
        ("推动高质量发展。", [100]), ("坚决做到“两个维护”。", [100])]
    assert lookup.matches("推动高质量发展。坚决做到“两个维护”。") == []  # as a whole: no match


def test_concordance_finds_substrings_of_english_words(lookup) -> None:
    assert lookup.concordance("develop", side="target").total == 0  # whole words by default
    found = lookup.concordance("develop", side="target", options=SearchOptions(substring=True))
    assert found.total == 1
    hit = found.hits[0]
    (start, end), = hit.spans
    assert hit.segment.target[start:end] == "develop"
    assert lookup.concordance("DEVELOP", options=SearchOptions(substring=True)).total == 1
    assert lookup.concordance("quality dev", options=SearchOptions(substring=True)).total == 1


def test_concordance_case_sensitive(lookup) -> None:
    options = SearchOptions(case_sensitive=True)
    assert lookup.concordance("Two Establishments", options=options).total == 1
    assert lookup.concordance("two establishments", options=options).total == 0
    assert lookup.concordance("two establishments").total == 1


def test_concordance_regex_with_and_without_chinese_literals(lookup) -> None:
    found = lookup.concordance("两个(维护|确立)", options=SearchOptions(regex=True))
    assert found.total == 2
    assert sorted(h.segment.source[slice(*h.spans[0])] for h in found.hits) == [
        "两个确立", "两个维护"]
    # no Chinese literal: every segment is read; capitals ignored unless --case-sensitive
    assert lookup.concordance(r"high-\w+", options=SearchOptions(regex=True)).total == 2
    assert lookup.concordance(r"HIGH-\w+", options=SearchOptions(
        regex=True, case_sensitive=True)).total == 0
    with pytest.raises(UsageError):
        lookup.concordance("两个(", options=SearchOptions(regex=True))


def test_concordance_candidates_from_the_index_equal_a_scan(lookup) -> None:
    """A regex's Chinese literal picks candidates from the index: the same hits as reading
    every segment."""
    from tm_tool.lookup import textsearch

    pattern = textsearch.text_pattern("高(质量|水平)", substring=False, regex=True,
                                      case_sensitive=False)
    assert pattern.index_phrase == "高"
    scan = [s.id for s in lookup.store.iter_segments() if pattern.regex.search(s.source)]
    found = lookup.concordance("高(质量|水平)", side="source", options=SearchOptions(regex=True))
    assert sorted(h.segment.id for h in found.hits) == sorted(scan) and len(scan) == 2


def test_concordance_filtered_by_origin_and_status(tmp_path: Path) -> None:
    lookup = _lookup_over(tmp_path, [
        (SENTENCE, "From a.", "approved", None, "a.tmx"),
        (SENTENCE, "From b.", "translated", None, "b.tmx"),
        ("推进改革。", "Reform.", "translated", None, "b.tmx"),
    ])
    assert lookup.concordance("推动").total == 2
    only_b = SearchOptions(where=SegmentFilter(origin="b.tmx"))
    assert [h.segment.target for h in lookup.concordance("推动", options=only_b).hits] == [
        "From b."]
    approved = SearchOptions(substring=True, where=SegmentFilter(status="approved"))
    assert [h.segment.target for h in lookup.concordance("fro", options=approved).hits] == [
        "From a."]


# --- the options through the installed ``tm`` ---------------------------------------------

TM_PROGRAM = Path(sys.executable).parent / "tm"


def installed_tm(*args: str | Path) -> subprocess.CompletedProcess:
    """The installed ``tm`` in a subprocess, its output piped (no terminal)."""
    return subprocess.run([str(TM_PROGRAM), *map(str, args)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "TERM": "dumb"})


@pytest.fixture
def ranked_db(tmp_path: Path) -> Path:
    """A TSV imported with --keep-untranslated: statuses, dates, duplicates, an empty target,
    a deprecated term, two documents."""
    rows = [("1", SENTENCE, "Promote high-quality development.", "translated", "2024-01-01"),
            ("2", SENTENCE, "Promote high-quality development.", "translated", "2025-01-01"),
            ("3", SENTENCE, "Promote high-quality development.", "fuzzy", "2023-01-01"),
            ("4", SENTENCE, "Drive high quality development.", "approved", "2026-01-01"),
            ("5", SENTENCE, "", "new", "2026-02-01"),
            ("6", "坚决做到“两个维护”。", "Resolutely uphold the Two Safeguards.", "approved",
             "2026-01-01")]
    tsv = tmp_path / "a.tsv"
    tsv.write_text("id\tzh\ten\tstatus\tchanged\n" + "".join(
        "\t".join(row) + "\n" for row in rows), encoding="utf-8")
    (tmp_path / "b.tsv").write_text(
        f"zh\ten\tstatus\n{SENTENCE}\tAdvance high-quality development.\tapproved\n",
        encoding="utf-8")
    db = tmp_path / "tm.db"
    done = installed_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en",
                        "--keep-untranslated", tsv, tmp_path / "b.tsv")
    assert done.returncode == 0, done.stderr
    with Store.open(db) as store:
        assert store.count_segments() == 7  # the empty target was kept
        store.import_glossary([HQD])
    return db


def test_lookup_ranks_folds_and_marks_through_the_command(ranked_db: Path) -> None:
    result = installed_tm("--db", ranked_db, "lookup", SENTENCE, "--json")
    assert result.returncode == 0, result.stderr
    matches = json.loads(result.stdout)["matches"]
    assert [(m["target"], m["status"], m["duplicates"]) for m in matches] == [
        ("Advance high-quality development.", "approved", 0),
        ("Promote high-quality development.", "translated", 2),  # the newest of three
        ("Drive high quality development.", "approved", 0)]  # deprecated: last of the 100s
    assert matches[1]["changed_at"].startswith("2025-01-01")
    assert matches[2]["term_issues"][0]["problem"] == "deprecated"
    assert all(m["target"] for m in matches)  # the untranslated segment is no match
    text = installed_tm("--db", ranked_db, "lookup", SENTENCE)
    assert text.returncode == 0 and "\x1b[" not in text.stdout  # piped: no colour codes
    assert "×3" in text.stdout
    assert '✗ term hqd: deprecated "high quality development", use "high-quality development"' \
        in text.stdout


def test_lookup_of_several_sentences_and_filters_through_the_command(ranked_db: Path) -> None:
    query = f"{SENTENCE}坚决做到“两个维护”。"
    result = installed_tm("--db", ranked_db, "lookup", query, "--json", "--origin", "a.tsv",
                          "--status", "approved")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["sentence"] for s in data["sentences"]] == [SENTENCE, "坚决做到“两个维护”。"]
    assert [[m["target"] for m in s["matches"]] for s in data["sentences"]] == [
        ["Drive high quality development."], ["Resolutely uphold the Two Safeguards."]]
    text = installed_tm("--db", ranked_db, "lookup", query).stdout
    assert "1/2" in text and "2/2" in text
    bad = installed_tm("--db", ranked_db, "lookup", SENTENCE, "--status", "done")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--status" in bad.stderr


def test_concordance_options_through_the_command(ranked_db: Path) -> None:
    def total(*args: str) -> int:
        result = installed_tm("--db", ranked_db, "concordance", *args, "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["total"]

    assert total("develop") == 0
    assert total("develop", "--substring") == 5  # 4 in a.tsv with a target, 1 in b.tsv
    assert total("develop", "--substring", "--origin", "b.tsv") == 1
    assert total("develop", "--substring", "--status", "approved") == 2
    assert total("Two Safeguards", "--case-sensitive") == 1
    assert total("two safeguards", "--case-sensitive") == 0
    assert total("(Drive|Advance) high", "--regex") == 2
    assert total("两个维护", "--status", "translated") == 0
    bad = installed_tm("--db", ranked_db, "concordance", "两个(", "--regex")
    assert bad.returncode == 2 and bad.stderr.startswith("tm: error: --regex")
    assert bad.stdout == ""

"""tm glossary extract (#16): what a terminologist sees — candidate pairs with their evidence,
glossary terms left out or flagged, and a file `tm glossary import` takes back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tm_tool.extraction import Text, association, dictionary, en_groups, extract, linking, zh_spans
from tm_tool.model import Concept, Term

TM = str(Path(sys.executable).parent / "tm")

# A small memory in which 口罩 ↔ mask and 疫苗 ↔ vaccine recur, and a slogan occurs once.
SEGMENTS = [
    ("请戴口罩。", "Please wear a mask."),
    ("口罩可以保护你。", "A mask can protect you."),
    ("医生建议佩戴口罩。", "Doctors recommend wearing masks."),
    ("疫苗已经上市。", "The vaccine is on the market."),
    ("接种疫苗很重要。", "Getting the vaccine is important."),
    ("疫苗和口罩都有用。", "Vaccines and masks both help."),
    ("天气很好。", "The weather is fine."),
    ("我们去公园。", "We go to the park."),
    ("坚决做到“两个确立”。", "We must resolutely uphold the “Two Establishments”."),
]


def texts() -> list[Text]:
    return [Text(n, zh, en) for n, (zh, en) in enumerate(SEGMENTS, 1)]


def test_english_groups_count_plurals_together_and_keep_function_words_inside():
    assert en_groups.key("Vaccines") == "vaccine"
    assert en_groups.key("countries") == "country"
    assert en_groups.key("virus") == "virus"
    assert en_groups.key("COVID-19 cases") == "covid-19 case"
    assert en_groups.strip_edges("the incubation period") == "incubation period"
    keys = {g.key for g in en_groups.groups("The spread of the virus, in Hubei.")}
    assert {"spread", "spread of the virus", "virus", "hubei"} <= keys
    assert "the virus" not in keys and "virus in hubei" not in keys  # edges; the comma


def test_chinese_spans_avoid_function_words_at_their_edges():
    spans = {s.text for s in zh_spans.spans("推动经济社会高质量发展的")}
    assert "高质量发展" in spans
    assert not any(s.endswith("的") for s in spans)
    assert [s.text for s in zh_spans.quoted("坚决做到“两个维护”，《建议》")] == ["两个维护", "建议"]


def test_numbers_must_agree_for_cc_cedict_to_confirm_a_pair():
    assert dictionary.confirmation("第十五届全国运动会", "15th National Games") > 0.8
    assert dictionary.confirmation("第十五届全国运动会", "16th National Games") == 0.0
    assert dictionary.confirmation("两个确立", "Two Establishments") > 0.8


def test_log_likelihood_rewards_association_and_is_negative_for_avoidance():
    import numpy as np

    g2 = association.log_likelihood(np.array([10, 0]), np.array([10, 10]),
                                    np.array([10, 10]), 100)
    assert g2[0] > 50 and g2[1] < 0


def test_recurring_pairs_come_with_their_evidence():
    result = extract(texts())
    by_zh = {c.zh: c for c in result.candidates}
    mask = by_zh["口罩"]
    assert mask.en.lower() in ("mask", "masks") and mask.method == "association"
    assert mask.freq == 4 and sorted(mask.segment_ids) == [1, 2, 3, 6]
    assert len(mask.examples) == 2 and all("口罩" in zh for zh, _ in mask.examples)
    assert by_zh["疫苗"].en.lower() in ("vaccine", "vaccines")


def test_a_quoted_slogan_seen_once_is_proposed():
    by_zh = {c.zh: c for c in extract(texts()).candidates}
    assert by_zh["两个确立"].en == "Two Establishments"
    assert by_zh["两个确立"].method == "quoted" and by_zh["两个确立"].segment_ids == [9]


def test_known_terms_are_left_out_and_contradictions_flagged():
    glossary = [
        Concept("mask", [Term("口罩", "zh"), Term("mask", "en")]),
        Concept("two-establishments", [Term("两个确立", "zh"), Term("Two Affirmations", "en"),
                                       Term("Two Establishments", "en", "deprecated")]),
    ]
    result = extract(texts(), concepts=glossary)
    by_zh = {c.zh: c for c in result.candidates}
    assert "口罩" not in by_zh and result.known == 1
    flagged = by_zh["两个确立"]
    assert flagged.flag == "contradicts" and "Two Affirmations" in flagged.reason
    shown = {c.zh: c.flag for c in extract(texts(), concepts=glossary, keep_known=True).candidates}
    assert shown["口罩"] == "known"


# --- the command ------------------------------------------------------------------------


def _tm(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([TM, *map(str, args)], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def memory(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("extract")
    table = folder / "memory.tsv"
    table.write_text("id\tzh\ten\n" + "".join(f"{n}\t{zh}\t{en}\n" for n, (zh, en)
                                             in enumerate(SEGMENTS, 1)), "utf-8")
    db = folder / "tm.db"
    assert _tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", table).returncode == 0
    return db


@pytest.mark.slow  # (several tm processes, each reading CC-CEDICT)
def test_extracted_tsv_imports_back_as_the_glossary(memory, tmp_path):
    db = tmp_path / "tm.db"
    db.write_bytes(memory.read_bytes())
    out = tmp_path / "candidates.tsv"
    done = _tm("--db", db, "glossary", "extract", "-o", out)
    assert done.returncode == 0, done.stderr
    header, *rows = out.read_text("utf-8").splitlines()
    assert header.split("\t")[:4] == ["concept", "zh", "en", "status"]
    assert rows and all(row.split("\t")[3] == "candidate" for row in rows)
    imported = _tm("--db", db, "glossary", "import", out, "--json")
    assert imported.returncode == 0, imported.stderr
    listed = json.loads(_tm("--db", db, "glossary", "list", "--json").stdout)
    assert any(t["text"] == "口罩" for c in listed for t in c["terms"])
    # once imported, the same pairs are known: extracting again proposes none of them anew
    again = json.loads(_tm("--db", db, "glossary", "extract", "--json").stdout)
    assert again["known_left_out"] >= 1
    imported_pairs = {tuple(r.split("\t")[1:3]) for r in rows}
    assert not [c for c in again["candidates"]
                if (c["zh"], c["en"]) in imported_pairs and c["flag"] == "new"]


@pytest.mark.slow
def test_json_tbx_and_bad_format(memory, tmp_path):
    data = json.loads(_tm("--db", memory, "glossary", "extract", "--json", "--top", "2").stdout)
    assert len(data["candidates"]) == 2 and data["segments"] == len(SEGMENTS)
    first = data["candidates"][0]
    assert {"zh", "en", "freq", "score", "segment_ids", "examples", "flag"} <= set(first)
    tbx = tmp_path / "c.tbx"
    assert _tm("--db", memory, "glossary", "extract", "-o", tbx).returncode == 0
    assert "candidate" in tbx.read_text("utf-8") and "口罩" in tbx.read_text("utf-8")
    bad = _tm("--db", memory, "glossary", "extract", "--format", "xlsx")
    assert bad.returncode == 2 and bad.stderr.startswith("tm: error:")
    assert len(bad.stderr.strip().splitlines()) == 1


def test_the_same_memory_gives_the_same_candidates_in_every_process():
    """Ties between equal scores are broken by the spans' own keys, not by Python's per-process
    string hash: two runs on the corpus propose the same list (they differed in most rows)."""
    program = (
        "import csv, json, sys\n"
        "from tm_tool.extraction import Text, extract\n"
        "rows = csv.DictReader(open(sys.argv[1], encoding='utf-8'), delimiter='\\t')\n"
        "found = extract([Text(n, r['zh'], r['en']) for n, r in enumerate(rows, 1)])\n"
        "print(json.dumps([(c.zh, c.en, c.method, round(c.score, 6))\n"
        "                  for c in found.candidates]))\n")
    corpus = Path(__file__).parent.parent / "corpus" / "dongguan-10th-plenary.tsv"
    runs = [subprocess.run([sys.executable, "-c", program, str(corpus)], capture_output=True,
                           text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}
                           ).stdout for seed in ("1", "2")]
    assert json.loads(runs[0]) and runs[0] == runs[1]


# 个人防护 is in every segment 个人防护装备 is, so counting alone scores the two alike.
NESTED = [
    ("医护人员需要个人防护装备。", "Health workers need personal protective equipment."),
    ("个人防护装备短缺。", "Personal protective equipment is scarce."),
    ("我们捐赠了个人防护装备。", "We donated personal protective equipment."),
    ("请正确穿戴个人防护装备。", "Please put on personal protective equipment correctly."),
    ("工厂生产个人防护装备。", "The factory makes personal protective equipment."),
    ("天气很好。", "The weather is fine."),
    ("我们去公园。", "We go to the park."),
    ("他在读书。", "He is reading."),
    *[(f"今天是第{n}天。", f"Today is day {n}.") for n in range(1, 13)],
]


def test_the_longer_nested_span_the_dictionary_confirms_is_proposed():
    found = extract([Text(n, zh, en) for n, (zh, en) in enumerate(NESTED, 1)]).candidates
    by_en = {c.en.lower(): c.zh for c in found if c.method == "association"}
    assert by_en.get("personal protective equipment") == "个人防护装备"


def test_a_memory_over_the_pair_budget_is_counted_on_an_even_sample_that_fits():
    many = [Text(n, zh, en) for n, (zh, en) in enumerate(SEGMENTS * 40, 1)]
    whole = extract(many)
    assert whole.sampled == whole.segments == 360
    budget = extract(many, pair_budget=2_000)
    assert budget.segments == 360 and 8 <= budget.sampled <= 120  # every 4th … 32nd
    assert budget.sampled < extract(many, pair_budget=8_000).sampled
    by_zh = {c.zh: c for c in budget.candidates}
    assert by_zh["口罩"].en.lower() in ("mask", "masks")


def test_a_span_keeps_the_space_chinese_typesetting_puts_before_latin_and_digits():
    spans = {s.text for s in zh_spans.spans("2019 新型冠状病毒 (2019-nCoV) 爆发，COVID-19 爆发")}
    assert {"2019 新型冠状病毒", "COVID-19 爆发", "2019-nCoV"} <= spans
    assert not any("(" in s or "，" in s for s in spans)


def test_competitive_linking_takes_a_word_from_its_neighbours_partner():
    """In 他们戴口罩 ↔ "They wear a mask", 口罩 is linked to "mask" first, so "wear" goes to
    戴 and not to 口罩 (which co-occurs with it as often); the pair holding both sides
    (戴口罩 ↔ "wear a mask") is the same correspondence cut longer and is linked too."""
    scores = {("口罩", "mask"): 10.0, ("口罩", "wear"): 6.0, ("戴", "wear"): 3.0,
              ("戴口罩", "wear a mask"): 2.0}
    linked = linking.linked([Text(1, "他们戴口罩。", "They wear a mask.")] * 2, scores)
    assert linked[("口罩", "mask")] == linked[("戴", "wear")] == 1.0  # in every segment
    assert linked[("戴口罩", "wear a mask")] == 1.0 and linked[("口罩", "wear")] == 0.0


# 湖北 and 湖北省 are each as often beside "Hubei"; the English never says "province".
PROVINCE = [
    ("湖北省报告了新病例。", "Hubei reported new cases."),
    ("武汉是湖北省的省会。", "Wuhan is the capital of Hubei."),
    ("湖北省的学校关闭了。", "Schools in Hubei closed."),
    ("湖北的医院很忙。", "Hospitals in Hubei are busy."),
    ("我去过湖北。", "I have been to Hubei."),
    ("湖北人很热情。", "People from Hubei are warm."),
    *[(f"今天是第{n}天。", f"Today is day {n}.") for n in range(1, 31)],
]


def test_the_shorter_nested_span_is_proposed_when_the_rest_is_no_part_of_the_english():
    found = extract([Text(n, zh, en) for n, (zh, en) in enumerate(PROVINCE, 1)]).candidates
    by_en = {c.en.lower(): c.zh for c in found if c.method == "association"}
    assert by_en.get("hubei") == "湖北"


def _phrase_pairs(zh: str, en: str) -> set[tuple[str, str]]:
    """The pairs the phrase path proposes from one aligned segment."""
    found = extract([Text(1, zh, en)]).candidates
    return {(c.zh, c.en) for c in found if c.method == "phrase"}


def test_a_one_off_phrase_is_cut_by_the_parts_of_a_word_the_dictionary_glosses_whole():
    """新兴产业 is one word (glossed "emerging industry"); its parts 新兴 and 产业 each need
    their English word, so "industrial" alone is not its stretch."""
    pairs = _phrase_pairs("推动重点产业体系升级，新兴产业壮大。",
                          "We will upgrade the key industrial system, and the expansion of "
                          "emerging industries.")
    assert ("新兴产业", "emerging industries") in pairs
    assert ("新兴产业", "industrial") not in pairs


def test_a_one_off_phrase_leaves_out_a_partner_that_would_take_in_its_neighbours_words():
    """强 is glossed "strong", three words before "quality-oriented city", across "brand
    city" (品牌强市's): the stretch without it is consistent, with it is not."""
    pairs = _phrase_pairs("深入推进品牌强市、质量强市建设。",
                          "We will further promote the development of a strong brand city and "
                          "a quality-oriented city.")
    assert ("质量强市", "quality-oriented city") in pairs


def test_a_one_off_phrase_may_end_inside_a_word_rjieba_joins_to_the_next():
    """rjieba cuts 未来 | 产业布局; the term 未来产业 ends inside 产业布局 (产业 | 布局)."""
    pairs = _phrase_pairs("统筹推进新兴产业壮大、未来产业布局。",
                          "We will coordinate the expansion of emerging industries and the "
                          "layout of future industries.")
    assert ("未来产业", "future industries") in pairs


def test_a_one_off_phrase_may_start_inside_a_word_the_dictionary_lacks():
    """rjieba cuts 用党 | 的 | 创新 | 理论; CC-CEDICT has no 用党, so 党 may start a term."""
    pairs = _phrase_pairs("用党的创新理论统一思想。",
                          "We will unify our thinking with the Party's innovative theory.")
    assert ("党的创新理论", "Party's innovative theory") in pairs


def test_a_one_off_phrase_pairs_an_unglossed_word_with_the_unglossed_part_of_a_hyphenated_one():
    """CC-CEDICT glosses 优先 "priority", never "first": inside 就业优先战略 it is unlinked, and
    so is the "first" of "employment-first"; they translate each other."""
    pairs = _phrase_pairs("深入实施就业优先战略。",
                          "We will thoroughly implement the employment-first strategy.")
    assert ("就业优先战略", "employment-first strategy") in pairs


def test_a_pair_nested_in_a_linked_pair_takes_no_link_of_its_own():
    """Where 个人防护装备 ↔ "personal protective equipment" is linked, 个人防护 ↔ "personal
    protective" inside it on both sides is that link cut shorter: it is linked only where it
    stands alone, so its share tells the two apart (else both are linked wherever the longer
    one is)."""
    scores = {("个人防护装备", "personal protective equipment"): 10.0,
              ("个人防护", "personal protective"): 5.0}
    linked = linking.linked(
        [Text(1, "医生穿戴个人防护装备。", "Doctors wear personal protective equipment."),
         Text(2, "个人防护很重要。", "Personal protective measures matter.")], scores)
    assert linked[("个人防护装备", "personal protective equipment")] == 1.0
    assert linked[("个人防护", "personal protective")] == 0.5


def test_a_hyphenated_word_is_matched_by_its_parts():
    """"hand-washing" is "hand washing" written with a hyphen: CC-CEDICT's 洗手 "to wash one's
    hands" confirms both, and in the both-ways agreement it is the same rendering as "hand
    washing" (sharing its words), not a rival of it."""
    from tm_tool.extraction import statistical

    assert dictionary.confirmation("洗手", "hand-washing") == 1.0
    assert statistical._content("hand-washing") & statistical._content("hand washing")


def test_a_span_may_be_the_head_of_a_word_rjieba_fused_with_the_character_before_it():
    """rjieba writes 勤洗手 ("wash one's hands often") as one word, which CC-CEDICT lacks and
    cuts 勤 | 洗手: its head 洗手 may be the term. 病死率 (病死 | 率) keeps its head, 率."""
    assert "洗手" in {s.text for s in zh_spans.spans("要勤洗手。")}
    assert {s.text for s in zh_spans.spans("病死率")} == {"病死率"}


def test_a_classifier_after_a_number_starts_no_span():
    """5 例 | 死亡病例: 例 counts the deaths; 例死亡 is no term (the number with it may be)."""
    spans = {s.text for s in zh_spans.spans("新增5例死亡病例，3名患者")}
    assert {"死亡病例", "患者", "5例死亡病例"} <= spans
    assert not any(s.startswith(("例", "名")) for s in spans)


def test_a_group_takes_the_span_it_is_linked_to_most_among_the_equally_confirmed():
    """G² favours the rare exclusive span (清洗双手, 3 segments, all with "wash your hands")
    over the usual one (洗手, linked to "wash your hands" in 4, elsewhere to "hand washing"):
    the group takes the span it is linked to in most segments, among those CC-CEDICT confirms
    as well (not 出行限制, confirmed less) and not nested with its best (湖北省 is
    _best_nested's to reject: inside its link 湖北 takes none)."""
    from types import SimpleNamespace

    import numpy as np

    from tm_tool.extraction import statistical

    rows = [  # span, group, score, confirmation, links
        ("清洗双手", "wash your hand", 69.4, 1.0, 3.0),
        ("洗手", "wash your hand", 26.9, 1.0, 4.0),
        ("洗手", "hand washing", 511.8, 1.0, 39.0),
        ("旅行限制", "travel restriction", 50.0, 1.0, 4.0),
        ("出行限制", "travel restriction", 40.0, 0.5, 6.0),
        ("湖北省", "hubei", 100.0, 1.0, 6.0),
        ("湖北", "hubei", 60.0, 1.0, 3.0),
    ]
    spans = sorted({r[0] for r in rows})
    groups = sorted({r[1] for r in rows})
    pairs = SimpleNamespace(zh=np.array([spans.index(r[0]) for r in rows]),
                            en=np.array([groups.index(r[1]) for r in rows]))
    scored = {i: (r[2], r[3], r[0], r[1]) for i, r in enumerate(rows)}
    links = {i: r[4] for i, r in enumerate(rows)}
    found = statistical._agreed(pairs, scored, links)
    best_span = {scored[j][3]: scored[i][2] for i, _, more in found
                 for j in [i, *(k for k, _ in more)]}
    assert best_span["wash your hand"] == "洗手"
    assert best_span["travel restriction"] == "旅行限制"
    assert best_span["hubei"] == "湖北"


def test_the_json_written_a_candidate_at_a_time_is_the_whole_document() -> None:
    """--json and -o x.json stream the candidates (a 100k memory has 140,000 of them); the
    text is what one json.dumps of the whole document gives, quotes, newlines and all."""
    from tm_tool.extraction import writers
    from tm_tool.extraction.evidence import Candidate

    summary = {"segments": 3, "sampled": 3, "output": "a [] b.json", "by_flag": {"new": 2}}
    candidates = [
        Candidate("两个确立", "Two Establishments", "quoted", 1, 90.0, 0.9, [7],
                  [("“两个确立”\n", 'the "Two Establishments"\t')], ["确立"]),
        Candidate("隔离", "isolation", "association", 12, 55.5, 0.5, list(range(20)),
                  [("隔离", "isolation"), ("b", "c")], [], [{"en": "quarantine", "freq": 2}]),
    ]
    for some in ([], candidates[:1], candidates):
        whole = json.dumps({**summary, "candidates": [
            {**c.as_dict(), "concept": key}
            for key, c in zip(writers.concept_keys(some), some, strict=True)]},
            ensure_ascii=False, indent=2)
        assert "".join(writers.json_chunks(some, summary)) == whole


def test_a_possessive_is_stemmed_as_its_word():
    """"city’s" is "city" to CC-CEDICT's 城市 (the apostrophe used to stay in the stem)."""
    assert dictionary.stem("city’s") == dictionary.stem("city")
    assert dictionary.stem("cities’") == dictionary.stem("cities")
    pairs = _phrase_pairs("全面提升城市综合实力。", "We will enhance the city’s overall strength.")
    assert any(zh.startswith("城市") for zh, _ in pairs)


def test_a_numbers_ordinal_mark_and_classifier_are_the_english_numbers():
    """第 and the classifier of a count (届, 次) are said in English by the number itself
    ("12th", "3rd"), so they link to it, not where their glosses ("period", "next") point; and
    no span cuts them from their number (届 alone, 十二 out of 十二届)."""
    pairs = _phrase_pairs("省委十二届三次全会在本市召开。",
                          "The 3rd Plenary Session of the 12th Provincial Party Committee was "
                          "held in the city.")
    assert ("十二届三次全会", "3rd Plenary Session of the 12th") in pairs
    assert not any(zh[0] in "届次" or zh.endswith(("十", "十二", "三")) for zh, _ in pairs)


def test_a_one_off_phrase_ending_inside_a_name_takes_the_names_head():
    """四中全会's 中 abbreviates the Central Committee, which no gloss links: the stretch ends
    on "19th", inside the name "19th Central Committee", and takes its head words, linked
    nowhere. A run holding a word linked elsewhere (Provincial: 省) is not taken in part."""
    pairs = _phrase_pairs("在十九届五中全会上，领导人作了讲话。",
                          "At the 5th Plenary Session of the 19th Central Committee, the "
                          "leaders gave speeches.")
    assert ("十九届五中全会", "5th Plenary Session of the 19th Central Committee") in pairs
    pairs = _phrase_pairs("认真落实省委十二届三次全会精神。",
                          "We earnestly acted on the spirit of the 3rd Plenary Session of the "
                          "12th Guangdong Provincial Party Committee.")
    assert not any(en.endswith("12th Guangdong") for _, en in pairs)


def test_a_counted_english_cut_from_the_quoted_name_of_the_same_term_gives_way():
    """The association counts "13th Five-Year" as often as "13th Five-Year Plan" (they are
    in the same segments) and the shorter is better confirmed; the quoted path has the
    marked term (“十三五”) with the whole Title-Case name. A counted English that is no cut of
    the name keeps its place."""
    from tm_tool.extraction import Candidate, _one_per_zh

    counted = Candidate("十三五", "13th Five-Year", "association", 9, 80.0, 0.8)
    named = Candidate("十三五", "13th Five-Year Plan", "quoted", 9, 70.0, 0.7)
    assert _one_per_zh([counted, named]) == [named]
    other = Candidate("十三五", "13th", "association", 9, 80.0, 0.8)
    unrelated = Candidate("十三五", "Five-Year Plan period", "quoted", 1, 50.0, 0.5)
    assert _one_per_zh([counted, unrelated]) == [counted]
    assert _one_per_zh([other, named]) == [named]


def test_a_word_of_two_headwords_is_glossed_by_its_abbreviation_too():
    """Chinese shortens a name to each part's first character (全体 | 会议 → 全会, 科学 | 技术
    → 科技), and CC-CEDICT often glosses one form only: 全体会议 "meeting of the whole
    committee", 全会 "plenary session"."""
    assert dictionary.abbreviation("全体会议") == "全会"
    assert dictionary.abbreviation("政治生态") is None
    assert {"plena", "sessi"} <= dictionary.glossed("全体会议")
    assert dictionary.confirmation("全体会议", "plenary session") == 1.0


def test_a_headlines_capitals_bound_no_name():
    """In a headline every word is capitalised, its verb too: the stretch is not grown to
    the "name" the capitals seem to make (… Annual Meeting Held)."""
    pairs = _phrase_pairs("世界卫生组织年会召开", "World Health Organization Annual Meeting Held")
    assert ("世界卫生组织年会", "World Health Organization Annual Meeting") in pairs
    assert not any(en.endswith("Held") for _, en in pairs)


def test_a_marked_name_and_the_head_noun_after_its_mark_are_one_term():
    """“十三五”时期 is the period of the plan “十三五” names: the term is the name and its head
    (时期, glossed "period"), the English the Title-Case name and the word after it."""
    from tm_tool.extraction import slogans

    pairs = slogans.pairs_in(Text(1, "回顾“十三五”时期的发展成就。",
                                  "We reviewed the achievements of the 13th Five-Year Plan "
                                  "period."))
    assert ("“十三五”时期", "13th Five-Year Plan period") in {(zh, en) for zh, en, _ in pairs}
    assert ("十三五", "13th Five-Year Plan") in {(zh, en) for zh, en, _ in pairs}


def test_a_counted_group_at_the_word_limit_gives_way_to_the_phrase_paths_name_holding_it():
    """An English group holds five words at most: "Committee of the Municipal Party" is the
    count's cut of the seven-word name the phrase path pairs with 市委常委会. A shorter
    counted group ("Xi Jinping" inside "General Secretary Xi Jinping") keeps its place."""
    from tm_tool.extraction import Candidate, _one_per_zh

    counted = Candidate("市委常委会", "Committee of the Municipal Party", "association", 3,
                        20.0, 0.9)
    name = Candidate("市委常委会", "Standing Committee of the Municipal Party Committee",
                     "phrase", 1, 90.0, 0.9)
    assert _one_per_zh([counted, name]) == [name]
    short = Candidate("习近平", "Xi Jinping", "association", 9, 80.0, 1.0)
    title = Candidate("习近平", "General Secretary Xi Jinping", "phrase", 2, 100.0, 1.0)
    assert _one_per_zh([short, title]) == [short]

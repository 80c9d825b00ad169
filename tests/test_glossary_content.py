"""What the controlled glossary says, pinned: the corrections of the audit against official
sources (docs/glossary-audit-response.md) and the article's concepts it must cover."""

from __future__ import annotations

import csv
import re

import pytest
from conftest import CORPUS_DIR, GLOSSARY_DIR, ROOT, run_tm

from tm_tool.checks.base import Unit
from tm_tool.checks.runner import run_checks
from tm_tool.formats import ReadOptions
from tm_tool.formats.glossary_table import TsvGlossaryFormat
from tm_tool.model import Concept, Segment
from tm_tool.termmatch import Termbase
from tm_tool.text import normalize_zh_for_terms

GLOSSARY = GLOSSARY_DIR / "dongguan-slogans.tsv"
RESPONSE = ROOT / "docs" / "glossary-audit-response.md"


@pytest.fixture(scope="module")
def concepts() -> list[Concept]:
    return [c for path in sorted(GLOSSARY_DIR.glob("*.tsv"))
            for c in TsvGlossaryFormat().read(path, ReadOptions())]


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, str]]:
    return [row for path in sorted(CORPUS_DIR.glob("*.tsv"))
            for row in csv.DictReader(path.open(encoding="utf-8", newline=""),
                                      delimiter="\t", quoting=csv.QUOTE_NONE)]


def by_zh(concepts: list[Concept], zh: str) -> Concept:
    key = normalize_zh_for_terms(zh)[0]
    found = [c for c in concepts
             if any(normalize_zh_for_terms(t.text)[0] == key for t in c.terms_in("zh"))]
    assert len(found) == 1, f"{zh}: {[c.key for c in found]}"
    return found[0]


def status_of(concept: Concept, en: str) -> str | None:
    return next((t.status for t in concept.terms_in("en") if t.text == en), None)


def zh_terms(concepts: list[Concept]) -> set[str]:
    return {t.text for c in concepts for t in c.terms_in("zh")}


# --- the two wrong Chinese names -----------------------------------------------------------

@pytest.mark.parametrize(("right", "wrong"), [("制造美学之城", "制造业美学之城"),
                                              ('"8+8+4"重点产业体系', "“8+8+4”产业体系")])
def test_dongguans_own_names_are_right_in_glossary_and_corpus(concepts, corpus, right: str,
                                                               wrong: str) -> None:
    assert right in zh_terms(concepts)
    key = normalize_zh_for_terms(right)[0]
    assert any(key in normalize_zh_for_terms(row["zh"])[0] for row in corpus)
    assert not any(wrong in row["zh"] for row in corpus)
    assert not any(normalize_zh_for_terms(wrong)[0] == normalize_zh_for_terms(t)[0]
                   for t in zh_terms(concepts))


def test_the_provincial_formula_is_zeng_chuang(concepts, corpus) -> None:
    """增创新优势、实现新突破 (Xi's wording for Guangdong), not 创造/塑造新优势."""
    concept = by_zh(concepts, "增创新优势、实现新突破")
    assert concept.preferred("en").text == "create new advantages and achieve new breakthroughs"
    assert {r["id"] for r in corpus if "增创新优势" in r["zh"]} == {"8", "13", "24"}
    assert not any(re.search("[创塑]造新优势", r["zh"]) for r in corpus)


# --- statuses follow official English ------------------------------------------------------

@pytest.mark.parametrize(("zh", "official"), [
    ("总体国家安全观", "holistic approach to national security"),
    ("两个维护", "Two Upholds"),
    ("高水平对外开放", "high-standard opening up"),
    ("新发展格局", "new development paradigm"),
    ("国内大循环", "domestic circulation"),
    ("全域土地综合整治", "comprehensive land consolidation across the whole region"),
    ("减量发展", "decremental development"),
    ("百县千镇万村高质量发展工程",
     "High-quality Development Project for Counties, Towns and Villages"),
    ("党中央", "the CPC Central Committee"),
    ("《中共中央关于制定国民经济和社会发展第十五个五年规划的建议》",
     "Recommendations of the CPC Central Committee for Formulating the 15th Five-Year Plan "
     "for National Economic and Social Development"),
])
def test_the_official_rendering_is_preferred(concepts, zh: str, official: str) -> None:
    assert by_zh(concepts, zh).preferred("en").text == official


@pytest.mark.parametrize(("zh", "articles_form"), [
    ("总体国家安全观", "overall national security outlook"),
    ("两个维护", "Two Safeguards"),
    ("高水平对外开放", "high-level opening up"),
    ("新发展格局", "new development pattern"),
    ("国内大循环", "domestic large cycle"),
    ("全域土地综合整治", "comprehensive land improvement across the city"),
    ("减量发展", "reduced development"),
    ("百县千镇万村高质量发展工程", "100-County, 1,000-Town and 10,000-Village Project"),
    ("党中央", "the Central Committee"),
])
def test_the_articles_acceptable_wording_is_admitted(concepts, zh: str,
                                                      articles_form: str) -> None:
    assert status_of(by_zh(concepts, zh), articles_form) == "admitted"


def test_short_form_of_the_hundred_county_project(concepts) -> None:
    concept = by_zh(concepts, "百千万工程")
    assert concept is by_zh(concepts, "百县千镇万村高质量发展工程")
    assert status_of(concept, "Hundred-Thousand-Ten Thousand Project") == "admitted"


def test_five_foreign_linkage_names_its_five_items(concepts) -> None:
    concept = by_zh(concepts, "五外联动")
    preferred = concept.preferred("en")
    for item in ("foreign trade", "foreign investment", "outsourcing",
                 "overseas economic cooperation", "foreign talent"):
        assert item in preferred.text
    assert "外贸、外资、外包、外经、外智" in (preferred.note or "")
    articles = ("coordinated development of foreign trade, foreign investment, outbound "
                "investment, foreign economic cooperation and foreign exchange")
    assert status_of(concept, articles) == "deprecated"


@pytest.mark.parametrize("wrong", ["tens of millions of residents", "inspection report",
                                   "outbound investment", "Suggestions of the"])
def test_the_articles_errors_are_only_ever_deprecated(concepts, wrong: str) -> None:
    found = [(c.key, t.status) for c in concepts for t in c.terms_in("en") if wrong in t.text]
    assert found and all(status == "deprecated" for _, status in found), found


def test_ten_million_residents(concepts) -> None:
    for zh in ("千万市民", "千万东莞市民"):
        concept = by_zh(concepts, zh)
        assert concept.preferred("en").text == "10 million residents"
        assert status_of(concept, "tens of millions of residents") == "deprecated"


def test_review_report_is_not_an_inspection_report(concepts) -> None:
    concept = by_zh(concepts, "审查报告")
    assert concept.preferred("en").text == "review report"
    assert status_of(concept, "inspection report") == "deprecated"


# --- rules the whole glossary keeps --------------------------------------------------------

def test_every_concept_has_one_preferred_english_and_a_zh_term(concepts) -> None:
    for concept in concepts:
        assert len(concept.terms_in("en", ("preferred",))) == 1, concept.key
        assert concept.terms_in("zh"), concept.key


def test_no_rendering_is_preferred_in_one_concept_and_deprecated_in_another(concepts) -> None:
    preferred = {t.text: c.key for c in concepts for t in c.terms_in("en", ("preferred",))}
    clashes = [(t.text, c.key, preferred[t.text]) for c in concepts
               for t in c.terms_in("en", ("deprecated",)) if t.text in preferred]
    assert clashes == []


def test_every_deprecated_term_says_why(concepts) -> None:
    for concept in concepts:
        for term in concept.terms_in("en", ("deprecated",)):
            note = (term.note or "").strip()
            assert note and note != "rejected rendering", (concept.key, term.text)


def test_cited_sources_are_listed_in_the_audit_response(concepts) -> None:
    """Notes cite sources as [S11]; each key names a source in the response's source table."""
    listed = set(re.findall(r"^\| (S\d+) \|", RESPONSE.read_text(encoding="utf-8"), re.M))
    cited = {key for c in concepts for t in c.terms
             for key in re.findall(r"S\d+", " ".join(re.findall(r"\[([^]]*)\]", t.note or "")))}
    assert cited and cited <= listed, sorted(cited - listed)


def test_only_what_the_audit_could_not_check_is_still_unverified(concepts) -> None:
    """智创优品、和美宜居 and 五外联动 are verified now; four slogans and one title are not."""
    unverified = {c.key for c in concepts for t in c.terms if "unverified" in (t.note or "")}
    assert unverified == {"acting-early", "daring-and-down-to-earth",
                          "serving-enterprises-and-public", "coordination-closed-loop",
                          "dongguan-opinions-new-dongguan"}


# --- coverage of the article ---------------------------------------------------------------

@pytest.mark.parametrize("zh", [
    "百千万工程", "《中共中央关于制定国民经济和社会发展第十五个五年规划的建议》",
    "《中共东莞市委关于制定东莞市国民经济和社会发展第十五个五年规划的建议》",
    "增创新优势、实现新突破", "新一轮科技革命和产业变革", "一流湾区和世界级城市群",
    "城市综合承载能力", "精神文明建设", "基层党组织", "正风肃纪反腐", "作风建设", "数智化",
    "一流营商环境", "现代服务业", "传统产业", "新兴产业", "未来产业", "党的创新理论",
    "在推进中国式现代化建设中走在前列", "中国式现代化东莞实践",
    "创新、宜居、美丽、韧性、文明、智慧",
    "覆盖全人群、全生命周期的人口服务体系", '"十四五"圆满收官、"十五五"良好开局', "千万市民",
    '"十五五"时期', "夯实基础、全面发力的关键时期", "经济社会高质量发展",
    "视察广东和出席第十五届全国运动会开幕式重要讲话、重要指示精神",
    "市委常委会", "党章", "市纪委", "市监委", "严重违纪违法", "审查报告", "开除党籍", "递补",
    "候补委员", "列席", "中国共产党东莞市第十五届委员会第十次全体会议",
])
def test_the_articles_concepts_are_in_the_glossary(concepts, zh: str) -> None:
    assert by_zh(concepts, zh).preferred("en")


def test_every_quoted_slogan_and_title_of_the_article_is_a_glossary_term(concepts,
                                                                          corpus) -> None:
    """Whatever the article puts in “…” or 《…》 lies inside a glossary term found there."""
    termbase = Termbase(concepts)
    for row in corpus:
        spans = [(h.start, h.end) for h in termbase.scan(row["zh"])]
        for quoted in re.finditer(r"“([^”]+)”|《([^》]+)》", row["zh"]):
            start, end = quoted.span(quoted.lastindex or 0)
            assert any(s <= start and end <= e for s, e in spans), (row["id"], quoted.group())


def test_corpus_rows_with_an_unverified_slogan_are_not_approved(concepts, corpus) -> None:
    termbase = Termbase(concepts)
    for row in corpus:
        for hit in termbase.scan(row["zh"]):
            if any("unverified" in (t.note or "") for t in hit.concept.terms):
                assert row["status"] != "approved", (row["id"], hit.text)


def test_the_shipped_glossary_passes_tm_glossary_validate() -> None:
    result = run_tm("glossary", "validate", GLOSSARY)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout + result.stderr


def test_the_glossary_file_is_what_the_reader_reads(concepts) -> None:
    """Every data row of the TSV becomes a term (none is silently merged away or skipped)."""
    lines = [line.split("\t") for line in GLOSSARY.read_text(encoding="utf-8").splitlines()[1:]]
    keys = {c.key for c in concepts}
    assert {fields[0] for fields in lines} == keys
    terms = {(c.key, t.text, t.status) for c in concepts for t in c.terms_in("en")}
    assert {(f[0], f[2], f[3]) for f in lines} == terms



def test_short_admitted_forms_do_not_make_the_english_to_chinese_check_cry_wolf(concepts
                                                                                ) -> None:
    """An admitted rendering is also what the en → zh check looks for: one as short as the
    plan's bare name must not ask for 十五五时期, nor "from the Party" for 开除党籍."""
    pairs = [("Implement the 15th Five-Year Plan.", "落实“十五五”规划。"),
             ("He resigned from the Party.", "他退党了。")]
    units = [Unit(Segment(en, zh, "en", "zh-CN", unit_id=str(i)))
             for i, (en, zh) in enumerate(pairs)]
    assert run_checks(units, concepts, codes=["term-missing"]).findings == []

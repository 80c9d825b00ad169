"""Finding glossary terms: Chinese in sources, English renderings in targets."""

from __future__ import annotations

import pytest

from tm_tool.model import Concept, Term
from tm_tool.termmatch import Rendering, Termbase, is_case_sensitive


def concept(key: str, zh: str, *en: tuple[str, str]) -> Concept:
    return Concept(key, [Term(zh, "zh-CN")] + [Term(text, "en", status) for text, status in en])


GLOSSARY = [
    concept("two-establishments", "两个确立", ("Two Establishments", "preferred"),
            ("two establishments", "deprecated")),
    concept("hqd", "高质量发展", ("high-quality development", "preferred")),
    concept("hundred-county", "百县千镇万村高质量发展工程",
            ("100-County, 1,000-Town and 10,000-Village Project", "preferred")),
    concept("1310", '"1310"具体部署', ('"1310" specific deployment', "preferred")),
]


def test_longest_match_wins_over_a_term_inside_it() -> None:
    hits = Termbase(GLOSSARY).scan("以“百县千镇万村高质量发展工程”为牵引")
    assert [h.concept.key for h in hits] == ["hundred-county"]
    assert hits[0].text == "百县千镇万村高质量发展工程"


def test_quotes_full_width_and_traditional_forms_match() -> None:
    base = Termbase(GLOSSARY)
    for text in ("落实“1310”具体部署", '落实"1310"具体部署', "落实＂１３１０＂具体部署",
                 "落实1310具体部署"):
        assert [h.concept.key for h in base.scan(text)] == ["1310"], text
    (hit,) = base.scan("堅決擁護“兩個確立”")
    assert hit.concept.key == "two-establishments"
    assert hit.text == "兩個確立"  # offsets point into the original text


def test_offsets_point_into_the_original_text() -> None:
    text = "我们要　推动高质量发展。"
    (hit,) = Termbase(GLOSSARY).scan(text)
    assert text[hit.start:hit.end] == "高质量发展"


@pytest.mark.parametrize("target", [
    "we pursue high-quality development",  # nothing to fold
    'we pursue "high-quality" development',  # straight quotes dropped
    "we pursue high-quality  development",  # two spaces
    "we pursue high-quality\tdevelopment",  # a tab
    "we pursue high-quality\u00a0development",  # a no-break space
    "we pursue high\u2011quality development ",  # a non-breaking hyphen, a trailing space
])
def test_a_rendering_is_found_across_spacing_and_quotes_where_the_target_has_it(
        target: str) -> None:
    (hit,) = Rendering(Term("high-quality development", "en")).find(target)
    assert (hit.start, hit.end) == (target.index("high"), target.index("development") + 11)
    assert hit.text.startswith("high") and hit.text.endswith("development")


@pytest.mark.parametrize(
    ("target", "case_ok"),
    [
        ("resolutely uphold the “Two Establishments”", True),
        ("resolutely uphold the Two Establishments", True),
        ("resolutely uphold the two establishments", False),
        ("resolutely uphold the Two establishments", False),
    ],
)
def test_capitals_beyond_the_first_letter_must_be_kept(target: str, case_ok: bool) -> None:
    (hit,) = Rendering(Term("Two Establishments", "en")).find(target)
    assert hit.case_ok is case_ok


def test_lower_case_rendering_matches_any_case_and_plurals() -> None:
    rendering = Rendering(Term("high-quality development", "en"))
    assert rendering.find("High-quality development is the priority.")[0].case_ok
    assert rendering.find("HIGH-QUALITY DEVELOPMENTS")[0].case_ok
    assert rendering.find("high-quality developmental goals") == []  # whole words only
    city = Rendering(Term("modern people-centered city", "en"))
    assert city.find("building modern people-centered cities")


def test_renderings_ignore_quote_style_and_respect_number_boundaries() -> None:
    rendering = Rendering(Term('"1310" specific deployment', "en"))
    assert rendering.find("the “1310” specific deployment of the Provincial Party Committee")
    assert rendering.find("the 1310 specific deployment")
    assert rendering.find("the 13100 specific deployment") == []


def test_exact_case_renderings_match_only_as_written() -> None:
    deprecated = Rendering(Term("two establishments", "en", "deprecated"), exact_case=True)
    assert deprecated.find("uphold the Two Establishments") == []
    assert deprecated.find("uphold the two establishments")


_TEXTS = ["cities and city-2 and x-city and the city_ and city.", "SARS-CoV-2 and SARS, sars",
          "policies, Policy-makers, policys", "e-mails; e-mail-s", "the U.S. and u.s.s",
          "C++ and c++11", "a b--a b-", "-city- city-"]


@pytest.mark.parametrize("term", ["city", "SARS", "policy", "e-mail", "U.S.", "C++", "a b"])
@pytest.mark.parametrize("exact_case", [False, True])
def test_renderings_are_found_where_their_pattern_matches(term: str, exact_case: bool) -> None:
    """(ASCII text is searched without the regex: the two must agree, boundaries, plurals and
    capitals included)"""
    rendering = Rendering(Term(term, "en"), exact_case=exact_case)
    for text in _TEXTS:
        found = [(h.start, h.end) for h in rendering.find(text)]
        assert found == [m.span() for m in rendering.pattern.finditer(text)], text


def test_deprecated_renderings_match_whatever_their_capitals() -> None:
    vaccine = concept("vaccine", "疫苗", ("vaccine", "preferred"), ("jab", "deprecated"))
    base = Termbase([vaccine])
    (bad,) = base.judge(vaccine, "The International Jab Centre opened.").deprecated
    assert bad.text == "Jab"


def test_a_deprecated_spelling_of_an_accepted_rendering_is_a_case_error_only() -> None:
    (two,) = [c for c in GLOSSARY if c.key == "two-establishments"]
    verdict = Termbase(GLOSSARY).judge(two, "uphold the two establishments")
    assert verdict.wrong_case and not verdict.deprecated
    assert Termbase(GLOSSARY).judge(two, "uphold the Two Establishments").ok


def english(*concepts: Concept) -> Termbase:
    return Termbase(list(concepts))


def test_acronyms_match_only_in_capitals_in_an_english_source() -> None:
    who = concept("who", "世界卫生组织", ("WHO", "preferred"))
    scanner = english(who).english_scanner
    assert scanner.find_longest("patients who recovered") == []
    assert [[h.text for _, h in g] for g in scanner.find_longest("the WHO said")] == [["WHO"]]
    # in a target that must render WHO, lower case is the acronym with the wrong case
    assert english(who).judge(who, "the who said").wrong_case


@pytest.mark.parametrize("text", ["SARS-CoV-2 spreads", "anti-SARS drugs", "a SARS-like virus"])
def test_a_term_never_matches_inside_a_hyphenated_token(text: str) -> None:
    sars = concept("sars", "非典型肺炎（SARS）", ("SARS", "preferred"))
    assert english(sars).english_scanner.find_longest(text) == []
    assert english(sars).english_scanner.find_longest("SARS- and MERS-like")  # a hanging -


def test_the_longest_english_match_wins_and_concepts_on_one_span_come_together() -> None:
    ard = concept("ard", "急性呼吸道疾病", ("acute respiratory disease", "preferred"))
    rd = concept("rd", "呼吸疾病", ("respiratory disease", "preferred"))
    covid = concept("covid", "COVID-19", ("COVID-19", "preferred"))
    covid_lower = concept("covid-lower", "2019冠状病毒病", ("covid-19", "preferred"))
    scanner = english(ard, rd, covid, covid_lower).english_scanner
    groups = scanner.find_longest("2019-nCoV acute respiratory disease and COVID-19")
    assert [[c.key for c, _ in g] for g in groups] == [["ard"], ["covid", "covid-lower"]]


def test_case_sensitivity_comes_from_the_glossary_or_the_capitals() -> None:
    assert is_case_sensitive(Term("Green and Beautiful Dongguan", "en"))
    assert not is_case_sensitive(Term("Chinese modernization", "en"))
    assert is_case_sensitive(Term("Chinese modernization", "en", case_sensitive=True))
    assert not is_case_sensitive(Term("Two Establishments", "en", case_sensitive=False))


def test_a_deprecated_rendering_inside_an_accepted_one_does_not_count() -> None:
    hqd = concept("hqd", "高质量发展", ("high-quality development", "preferred"),
                  ("quality development", "deprecated"))
    base = Termbase([hqd])
    assert base.judge(hqd, "to pursue high-quality development").ok
    verdict = base.judge(hqd, "to pursue quality development")
    assert verdict.deprecated and not verdict.accepted

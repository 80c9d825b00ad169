"""The checks reviewers know from Xbench and pofilter: end-punctuation, repeated-word,
url-mismatch, indentation; and length-ratio staying quiet on strings that are mostly code."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tm_tool.checks import CODES
from tm_tool.checks.base import Unit
from tm_tool.checks.runner import run_checks
from tm_tool.formats import ReadOptions, segment_format
from tm_tool.model import Segment

QA = Path(__file__).parent / "fixtures" / "qa"
REAL = Path(__file__).parent.parent / ".." / "shared" / "realworld"
NEW = ["end-punctuation", "repeated-word", "url-mismatch", "indentation"]


def found(source: str, target: str, src: str = "en", tgt: str = "zh-CN",
          codes: list[str] = NEW) -> list[str]:
    seg = Segment(source, target, src, tgt, unit_id="u")
    report = run_checks([Unit(seg, "t")], [], codes=codes, src=src[:2], tgt=tgt[:2])
    return [f.check for f in report.findings]


def test_the_new_checks_have_codes_and_severities() -> None:
    assert {code: CODES[code] for code in NEW} == {
        "end-punctuation": "warning", "repeated-word": "warning", "url-mismatch": "error",
        "indentation": "warning"}


# (source, target, source language, target language, expected checks, why)
CASES = [
    ("Enter a username and password.", "输入用户名和密码", "en", "zh-CN", ["end-punctuation"],
     "the final 。 is missing"),
    ("Enter a valid address.", "輸入正確的位址。.", "en", "zh-TW", ["end-punctuation"],
     "。. doubled"),
    ("Please correct the duplicate values below.", "请修正重复的数据.", "en", "zh-CN",
     ["end-punctuation"], "half-width . ends Chinese text"),
    ("Do you want to delete it?", "要删除吗", "en", "zh-CN", ["end-punctuation"],
     "the question mark is lost"),
    ("要删除吗？", "Do you want to delete it.", "zh-CN", "en", ["end-punctuation"],
     "？ became ."),
    ("要删除吗？", "Do you want to delete it", "zh-CN", "en", ["end-punctuation"], "? missing"),
    ("Enter a username and password.", "输入用户名和密码。", "en", "zh-CN", [], "correct"),
    ("Sept.", "九月", "en", "zh-CN", [], "an abbreviation, not a sentence"),
    ("The meeting starts at 3 p.m.", "会议下午3点开始", "en", "zh-CN", [],
     "ends in an abbreviation"),
    ("resolving references...", "正在解析引用……", "en", "zh-CN", [], "an ellipsis"),
    ("Delete selected items.", "删除所选的 %(verbose_name_plural)s", "en", "zh-CN", [],
     "the target ends in a placeholder"),
    ("会议结束。", "The meeting is over", "zh-CN", "en", [],
     "a missing English full stop is not reported (pofilter's false alarms)"),
    ("新冠病毒。", "See the the guidelines.", "zh-CN", "en", ["repeated-word"], "the the"),
    ("新冠病毒。", "The the virus spreads.", "zh-CN", "en", ["repeated-word"],
     "capitalised at the start"),
    ("新冠病毒。", "See the\tTHE guidelines (café).", "zh-CN", "en", ["repeated-word"],
     "a tab between, other capitals, a non-ASCII text"),
    ("新冠病毒。", "See the, the guidelines, the-the rule, the\nthe end, 2the the2.", "zh-CN",
     "en", [], "comma, hyphen, line break or digits between or around"),
    ("新冠病毒。", "Use the ſ ſ sign.", "zh-CN", "en", ["repeated-word"],
     "ſ is a letter of the pattern (IGNORECASE)"),
    ("他说的的确是真的。", "What he said is indeed true.", "zh-CN", "en", [],
     "的的确确 / 的确: Chinese doubling is not checked"),
    ("Look at it.", "看看它。", "en", "zh-CN", [], "看看 is a word"),
    ("I had had enough.", "我受够了。", "en", "zh-CN", [], "had had is grammatical"),
    ("It was was wrong.", "这是错的。", "en", "zh-CN", [], "the source has the doubling too"),
    ("Write to office@example.com.", "请写信至 ofice@example.com。", "en", "zh-CN",
     ["url-mismatch"], "e-mail address misspelt"),
    ("See https://www.who.int/emergencies for details.", "详情见 https://www.who.int/emergency。",
     "en", "zh-CN", ["url-mismatch"], "URL changed"),
    ("See https://www.who.int/ for details.", "详情见世卫组织网站。", "en", "zh-CN",
     ["url-mismatch"], "URL missing"),
    ("See https://www.cisa.gov/sectors.", "见 www.cisa.gov/sectors。", "en", "zh-CN", [],
     "the scheme left out is the same address"),
    ('View <a href="https://a.org/x">notes</a>.', '查看<a href="https://a.org/y">说明</a>。',
     "en", "zh-CN", [], "an address inside a tag is tag-mismatch's"),
    ("This module can be read using::\n\n  pydoc sphinx.ext.autosummary\n",
     "此模組可以用此方法來讀取::\n\npydoc sphinx.ext.autosummary\n", "en", "zh-TW",
     ["indentation"], "literal block lost its indentation"),
    ("Use the Makefile, like so:\n   make builder", "像这样用 Makefile：\n\xa0 make builder",
     "en", "zh-CN", [], "indentation kept (with a no-break space)"),
    ("Please activate JavaScript to enable the search\n    functionality.",
     "请激活 JavaScript 以开启搜索功能。", "en", "zh-CN", [],
     "a wrapped line, re-wrapped by the translation"),
]


@pytest.mark.parametrize("source,target,src,tgt,expected,why", CASES,
                         ids=[c[-1][:40] for c in CASES])
def test_new_check_case(source: str, target: str, src: str, tgt: str, expected: list[str],
                        why: str) -> None:
    assert found(source, target, src, tgt) == expected, why


@pytest.mark.parametrize("source,target", [
    ("{0} [OPTIONS] <COMMAND> [<ARGS>]", "{0} [OPTIONS] <COMMAND> [<ARGS>]"),
    ("%(class_name)s %(instance)s", "%(class_name)s %(instance)s"),
    ("<h1>%(name)s</h1> %(count)s %(items)s", "<h1>%(name)s</h1>%(count)s"),
    ("invalid numfig_format: %s (%r)", "无效的 numfig_format：%s（%r）"),
])
def test_length_ratio_is_quiet_on_code_only_and_identical_code_like_text(
        source: str, target: str) -> None:
    assert found(source, target, codes=["length-ratio"]) == []


def test_length_ratio_still_fires_on_a_lost_sentence() -> None:
    source = "The vaccine is safe. It was tested on forty thousand people in six countries."
    translated = "疫苗是安全的。它已在六个国家的四万人身上进行了测试。"
    assert found(source, translated, codes=["length-ratio"]) == []
    assert found(source, "疫苗。", codes=["length-ratio"]) == ["length-ratio"]


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/realworld is absent")
def test_new_check_findings_on_real_files_are_precise() -> None:
    with open(QA / "newcheck-verdicts.tsv", encoding="utf-8", newline="") as handle:
        judged = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    findings = set()
    for name in sorted({v["file"] for v in judged}):
        path = REAL / name
        units = [Unit(s, name) for s in segment_format(path).read(path, ReadOptions())]
        findings |= {(name, f.unit, f.check)
                     for f in run_checks(units, [], codes=NEW, src="en", tgt="zh").findings}
    assert {(v["file"], v["unit"], v["check"]) for v in judged} <= findings
    for check in NEW:
        verdicts = [v["verdict"] for v in judged if v["check"] == check]
        if verdicts:
            assert verdicts.count("true") / len(verdicts) >= 0.9, check


def test_addresses_run_into_chinese_text_are_cut_where_the_chinese_starts() -> None:
    from tm_tool.checks.urls import addresses
    text = "请发邮件至office@dg.gov.cn。详见https://www.dg.gov.cn/zwgk。或 www.who.int."
    assert addresses(text) == ["https://www.dg.gov.cn/zwgk", "www.who.int", "office@dg.gov.cn"]

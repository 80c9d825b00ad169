"""Consistency checks: groups on what a reviewer would call the same text, one finding per
group naming every unit where a reviewer finds it, the same in the TM as in files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_tm

from tm_tool.checks.base import Unit
from tm_tool.checks.runner import run_checks
from tm_tool.checks.variants import chinese_key, english_key
from tm_tool.model import Segment

CODES = ["inconsistent-target", "inconsistent-source"]


def zh_en(unit: str, zh: str, en: str, line: int | None = None) -> Unit:
    return Unit(Segment(zh, en, "zh-CN", "en", unit_id=unit, line=line), "delivery.tsv")


def en_zh(zh: str, en: str, line: int, msgctxt: str | None = None) -> Unit:
    return Unit(Segment(en, zh, "en", "zh-Hans", unit_id=msgctxt, line=line), "django.po")


def check(units: list[Unit]) -> list:
    return run_checks(units, [], codes=CODES).findings


def test_a_source_translated_two_ways_is_one_finding_naming_every_unit() -> None:
    units = [zh_en("a", "推动高质量发展。", "Promote high-quality development.", 2),
             zh_en("b", "推动高质量发展。", "Pursue high-quality development.", 3),
             zh_en("c", "推动高质量发展. ", "Promote high-quality development.", 4),
             zh_en("d", "其他句子。", "Another sentence.", 5)]
    (finding,) = check(units)
    assert finding.check == "inconsistent-target" and finding.unit == "a"
    assert finding.related == ["delivery.tsv:2", "delivery.tsv:3", "delivery.tsv:4"]
    assert "translated 2 ways" in finding.message
    assert "delivery.tsv:3" in finding.message and "delivery.tsv:4" in finding.message


@pytest.mark.parametrize("sources", [
    ("Feb.", "February", "feb"), ("Note", "Notes"), ("{}rd", "{}th"), ("Warning", "Warns"),
    ("The HTML pages are in %(outdir)s.", "The HTML page is in %(outdir)s."),
    ("Reset password", "Password reset"), ("Author name(s)", "author names"),
    ("I'll send you an image", "I will send you an image"),
    ("They are aerosolized, and spread.", "They are aerosolised and spread."),
])
def test_english_variants_that_chinese_does_not_distinguish_share_a_key(sources) -> None:
    assert len({english_key(s) for s in sources}) == 1


@pytest.mark.parametrize("sources,target", [
    (("Feb.", "February", "feb"), "二月"), (("Note", "Notes"), "备注"),
    (("{}rd", "{}th"), "第{}"), (("Remove", "Delete", "Deletion"), "删除"),
    (("Arguments", "Parameters"), "参数"),
    (("I got a fever yesterday", "I had a fever yesterday"), "我昨天发烧了"),
    (("These statistics are not timebound.", "These statistics are not time bound."),
     "这些统计数据没有时间限制。"),
])
def test_one_chinese_translation_of_english_variants_is_no_finding(sources, target) -> None:
    assert check([en_zh(target, s, line=10 * n) for n, s in enumerate(sources, 1)]) == []


def test_sources_that_differ_in_meaning_still_share_a_translation_is_a_finding() -> None:
    units = [en_zh("不一致的引用。", "inconsistent references.", 10),
             en_zh("不一致的引用。", "inconsistent citation references.", 20),
             en_zh("%s（%s 属性）", "%s (%s attribute)", 30),
             en_zh("%s（%s 属性）", "%s (%s property)", 40),
             en_zh("%s()（在 %s 模块中）", "%s() (in module %s)", 50),
             en_zh("%s()（在 %s 模块中）", "%s (in module %s)", 60)]
    findings = check(units)
    assert [f.check for f in findings] == ["inconsistent-source"] * 3
    assert [f.related for f in findings] == [["django.po:10", "django.po:20"],
                                             ["django.po:30", "django.po:40"],
                                             ["django.po:50", "django.po:60"]]


def test_a_shared_msgctxt_is_not_how_units_are_named() -> None:
    units = [en_zh("二月", "Feb.", 936, "abbrev. month"),
             en_zh("三月", "Feb.", 972, "abbrev. month")]
    (finding,) = check(units)
    assert finding.related == ["django.po:936", "django.po:972"]
    assert "django.po:972" in finding.message


def test_chinese_targets_differing_in_punctuation_or_spacing_are_one_translation() -> None:
    assert chinese_key("HTML 页面。") == chinese_key("HTML页面") == "html页面"
    units = [en_zh("备注：", "Note", 1), en_zh("备注", "Note", 2), en_zh("备 注", "Note", 3)]
    assert check(units) == []


def test_empty_and_copied_targets_take_no_part() -> None:
    units = [zh_en("a", "全会由市委常委会主持。", "", 1),
             zh_en("b", "全会由市委常委会主持。", "全会由市委常委会主持。", 2),
             zh_en("c", "全会由市委常委会主持。", "The Standing Committee presided.", 3)]
    assert check(units) == []
    report = run_checks(units, [])
    assert [(f.unit, f.check) for f in report.findings] == [("a", "untranslated"),
                                                           ("b", "untranslated")]


def test_the_summary_counts_mistakes_and_the_units_they_affect() -> None:
    units = [zh_en(str(n), "推动高质量发展。", en, n) for n, en in
             enumerate(["Promote development.", "Pursue development.", "Push development.",
                        "Promote development."], 1)]
    summary = run_checks(units, [], codes=CODES).summary()
    assert summary["findings"] == 1 and summary["units_affected"] == 4


def test_the_whole_tm_is_checked_for_consistency(tmp_path: Path) -> None:
    tm = tmp_path / "tm.tsv"
    tm.write_text("id\tzh\ten\n1\t推动高质量发展。\tPromote high-quality development.\n"
                  "2\t推动高质量发展。\tPursue high-quality development.\n"
                  "3\t其他句子。\tAnother sentence.\n"
                  "4\t备注\tNote\n5\t备注\tNotes\n", encoding="utf-8")
    db = tmp_path / "tm.db"
    assert run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", tm).exit_code == 0
    data = json.loads(run_tm("--db", db, "check", "--checks", ",".join(CODES),
                             "--format", "json").stdout)
    (finding,) = data["findings"]  # Note/Notes → 备注 is no finding in the TM either
    assert finding["check"] == "inconsistent-target" and finding["related"] == ["1", "2"]
    assert data["summary"]["units_affected"] == 2

"""tag-mismatch and tag-order: inline codes compared by identity, pairing and order."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tm_tool.checks.base import Unit
from tm_tool.checks.runner import run_checks
from tm_tool.formats import ReadOptions, segment_format
from tm_tool.model import Segment

QA = Path(__file__).parent / "fixtures" / "qa"
REAL = Path(__file__).parent.parent / ".." / "shared" / "realworld"
TM = Path(sys.executable).parent / "tm"
TAG_CODES = ["tag-mismatch", "tag-order"]


def tag_findings(source: str, target: str, source_markup: str | None = None,
                 target_markup: str | None = None) -> list:
    seg = Segment(source, target, "en", "zh-CN", unit_id="u", source_markup=source_markup,
                  target_markup=target_markup)
    return run_checks([Unit(seg, "t")], [], codes=TAG_CODES, src="en", tgt="zh").findings


def messages(*args: str | None) -> list[str]:
    return [f"{f.check}: {f.message}" for f in tag_findings(*args)]


# --- markup written as text (PO, TSV) -----------------------------------------------------

def test_a_changed_tag_is_named_with_what_it_replaced() -> None:
    assert messages("Click <strong>here</strong>.", "点击<b>这里</b>。") == [
        "tag-mismatch: target has <b> where the source has <strong>"]
    assert messages("<h1>Title</h1>", "<h2>标题</h2>") == [
        "tag-mismatch: target has <h2> where the source has <h1>"]


def test_a_lost_closing_tag_and_a_broken_one() -> None:
    assert messages('See <a href="x">the notes</a>.', '见<a href="x">说明。') == [
        "tag-mismatch: target lacks </a>"]
    assert messages("<b>OK</b> continue", "<b>好</b 继续") == [
        "tag-mismatch: target has a broken tag </b"]


def test_a_closing_tag_before_its_opening_tag_is_an_error() -> None:
    assert messages("<b>OK</b>", "</b>好<b>") == [
        "tag-mismatch: target has </b> out of order or without its partner"]


def test_overlapping_tags_are_an_error() -> None:
    found = messages("<b><i>x</i></b>", "<b><i>x</b></i>")
    assert found and found[0].startswith("tag-mismatch: target codes overlap")


def test_pairs_moved_by_word_order_are_a_warning_only() -> None:
    found = tag_findings("<b>x</b> and <i>y</i>", "<i>y</i>和<b>x</b>")
    assert [(f.check, f.severity) for f in found] == [("tag-order", "warning")]


def test_a_changed_attribute_is_a_changed_tag_but_translated_text_in_one_is_not() -> None:
    assert messages('<a href="https://a.org/">A</a>', '<a href="https://b.org/">A</a>') == [
        'tag-mismatch: target has <a href="https://b.org/"> where the source has '
        '<a href="https://a.org/">']
    assert messages('<img alt="Logo" src="l.png">', '<img alt="标志" src="l.png">') == []


def test_angle_brackets_that_are_not_markup_are_text() -> None:
    assert messages("{0} [OPTIONS] <COMMAND> [<ARGS>]", "{0} [选项] <命令> [<参数>]") == []
    assert messages("Contact <me@example.com>", "联系 <me@example.com>") == []


def test_messages_are_sentences_not_python_data() -> None:
    for message in messages("<strong>a</strong> <em>b</em>", "a <em>b"):
        assert "{" not in message and "'" not in message


# --- inline elements (TMX, XLIFF) ---------------------------------------------------------

def test_tmx_codes_compare_by_content_not_by_i() -> None:
    src = 'a<bpt i="1">&lt;b&gt;</bpt>x<ept i="1">&lt;/b&gt;</ept>'
    renumbered = 'a<bpt i="7">&lt;b&gt;</bpt>x<ept i="7">&lt;/b&gt;</ept>'
    changed = 'a<bpt i="1">&lt;i&gt;</bpt>x<ept i="1">&lt;/i&gt;</ept>'
    reversed_ = '<ept i="1">&lt;/b&gt;</ept>x<bpt i="1">&lt;b&gt;</bpt>'
    assert messages("ax", "ax", src, renumbered) == []
    assert messages("ax", "ax", src, changed) == [
        "tag-mismatch: target has <i> where the source has <b>"]
    assert messages("ax", "x", src, reversed_) == [
        "tag-mismatch: target has </b> before <b>"]


def test_xliff_codes_compare_by_id() -> None:
    src = 'This <ph id="1">&lt;b&gt;</ph>is<ph id="2">&lt;/b&gt;</ph>.'
    tgt = '这<ph id="1">&lt;b&gt;</ph>是<ph id="1">&lt;/b&gt;</ph>。'
    assert messages("This is.", "这是。", src, tgt) == [
        "tag-mismatch: target has </b> (ph id 1) where the source has </b> (ph id 2)"]
    assert messages("a b", "a b", '<x id="3"/>a<g id="4">b</g>', '<x id="3"/>a<g id="4">b</g>') \
        == []


def test_rtf_font_switches_carry_no_meaning() -> None:
    src = "Select the user manual."
    tgt = ('<bpt i="1" type="font">{\\f2 </bpt>6 <ept i="1">}</ept><bpt i="2" type="font">'
           '{\\f4 </bpt>选择用户指南。<ept i="2">}</ept>')
    assert messages(src, "6 选择用户指南。", None, tgt) == []


def test_rtf_formatting_lost_added_or_changed_is_an_error() -> None:
    src = '<bpt i="1">{\\b </bpt>6 <ept i="1">}</ept>Select.'
    plain = '<bpt i="1">{\\f2 </bpt>6 <ept i="1">}</ept>选择。'
    italic = '<bpt i="1">{\\f2\\i </bpt>6 <ept i="1">}</ept>选择。'
    assert messages("6 Select.", "6 选择。", src, plain) == [
        "tag-mismatch: target lacks the RTF formatting {\\b } (bold)"]
    assert messages("6 Select.", "6 选择。", src, italic) == [
        "tag-mismatch: target lacks the RTF formatting {\\b } (bold); target has RTF "
        "formatting the source does not use: {\\i } (italic)"]


def test_rtf_runs_split_and_reordered_by_chinese_word_order_pass() -> None:
    src = ('<bpt i="1">{\\cf18 </bpt>7 <ept i="1">}</ept><bpt i="2">{\\cf17 </bpt>External '
           'microphone<ept i="2">}</ept>')
    tgt = ('<bpt i="1">{\\cf17\\f4 </bpt>外置<ept i="1">}</ept><bpt i="2">{\\f2\\cf18 </bpt>7 '
           '<ept i="2">}</ept><bpt i="3">{\\cf17 </bpt>麦克风<ept i="3">}</ept>')
    assert messages("7 External microphone", "外置7 麦克风", src, tgt) == []


# --- the seeded set -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["seeded-tags.tmx", "seeded-tags.po", "seeded-tags.tsv"])
def test_every_seeded_tag_error_is_found_and_no_clean_twin_is_flagged(name: str) -> None:
    path = QA / name
    segments = list(segment_format(path).read(path, ReadOptions(src="en", tgt="zh")))
    report = run_checks([Unit(s, str(path)) for s in segments], [], codes=TAG_CODES,
                        src="en", tgt="zh")
    flagged = {f.unit for f in report.findings if f.severity == "error"}
    seeded = {s.place() for s in segments if s.place().startswith("err-")}
    clean = {s.place() for s in segments if s.place().startswith("ok-")}
    assert len(seeded) >= 30 and clean
    assert seeded - flagged == set()
    assert clean & {f.unit for f in report.findings} == set()


def test_tm_check_reports_a_seeded_tag_error_through_the_cli(tmp_path: Path) -> None:
    po = tmp_path / "a.po"
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Server Error <em>(500)</em>"\nmsgstr "服务器错误 <i>(500)</i>"\n',
                  encoding="utf-8")
    run = subprocess.run([str(TM), "check", str(po), "--src", "en", "--tgt", "zh",
                          "--checks", "tag-mismatch", "--format", "json"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    finding = json.loads(run.stdout)["findings"][0]
    assert finding["message"] == "target has <i> where the source has <em>"


# --- the real files ---------------------------------------------------------------------------

def _verdicts(name: str) -> list[dict[str, str]]:
    with open(QA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/realworld is absent")
def test_tag_findings_on_real_files_are_the_judged_ones_and_precise() -> None:
    judged = [v for v in _verdicts("tag-verdicts.tsv") if v["run"].startswith("after")]
    files = sorted({v["file"] for v in judged} | {"po/django/admin_zh_Hans_django.po",
                                                  "po/sphinx/zh_CN_sphinx.po",
                                                  "tmx/tico19/all.en-zh.tmx"})
    found = set()
    for name in files:
        path = REAL / name
        units = [Unit(s, name) for s in segment_format(path).read(path, ReadOptions())]
        report = run_checks(units, [], codes=TAG_CODES, src="en", tgt="zh")
        found |= {(name, f.unit, f.check) for f in report.findings}
    assert found == {(v["file"], v["unit"], v["check"]) for v in judged}
    true = sum(v["verdict"] == "true" for v in judged)
    assert true / len(judged) >= 0.9


def test_tmx_codes_pasted_as_text_are_read_as_codes() -> None:
    source = '<bpt i="1">{\\b </bpt>6 <ept i="1">}</ept>Select.'
    fonts = ('<bpt i="1">{\\f2\\b </bpt>6 <ept i="1">}</ept><bpt i="2">{\\f4 </bpt>选择。'
             '<ept i="2">}</ept>')
    assert messages(source, fonts) == []
    assert messages(source, fonts.replace("\\b", "\\i")) == [
        "tag-mismatch: target lacks the RTF formatting {\\b } (bold); target has RTF "
        "formatting the source does not use: {\\i } (italic)"]

"""Sentence splitting of plain text (tm_tool/segmentation.py): the segments `tm analyze` counts
in a .txt file, and the sentences the alignment pairs."""

from __future__ import annotations

import pytest

from tm_tool.segmentation import paragraphs, split_sentences


def texts(text: str, lang: str | None = None) -> list[str]:
    return [span.text for span in split_sentences(text, lang)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    ("It happened on Dec. 12 in Paris. Then it rained.",
     ["It happened on Dec. 12 in Paris.", "Then it rained."]),
    ("See No. 5 on the list. It is new.", ["See No. 5 on the list.", "It is new."]),
    ("No. That is not it.", ["No.", "That is not it."]),
    ("The U.S. Army came. It left.", ["The U.S. Army came.", "It left."]),
    ("Growth was 1.5 per cent. Prices rose 2.25 %.",
     ["Growth was 1.5 per cent.", "Prices rose 2.25 %."]),
    ("J. K. Rowling wrote it. Harry S. Truman read it.",
     ["J. K. Rowling wrote it.", "Harry S. Truman read it."]),
    ("Use e.g. Python. Or i.e. Java.", ["Use e.g. Python.", "Or i.e. Java."]),
    ("Is it? Yes! Go on.", ["Is it?", "Yes!", "Go on."]),
    ("It ends at 5 p.m. or later. Fine.", ["It ends at 5 p.m. or later.", "Fine."]),
    ("Wait... what? Well… No.", ["Wait... what?", "Well…", "No."]),
    ('He said, "I came. And you?" Then he left.',
     ['He said, "I came. And you?"', "Then he left."]),
    ("(This is one. And two.) Next.", ["(This is one. And two.)", "Next."]),
    ("I don’t know. We’ll see.", ["I don’t know.", "We’ll see."]),
    ("lower case. stays together", ["lower case. stays together"]),
])
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert texts(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("全会由市委常委会主持。全会听取了报告！是吗？",
     ["全会由市委常委会主持。", "全会听取了报告！", "是吗？"]),
    ("他说：“我来了。你呢？”然后走了。", ["他说：“我来了。你呢？”", "然后走了。"]),
    ("“好。”，他说。", ["“好。”，他说。"]),
    ("坚定拥护“两个确立”。坚决做到“两个维护”。",
     ["坚定拥护“两个确立”。", "坚决做到“两个维护”。"]),
    ("一是加强领导；二是完善制度。", ["一是加强领导；", "二是完善制度。"]),
    ("等等……还有呢？！好。", ["等等……", "还有呢？！", "好。"]),
    ("增长1.5%。物价上涨2.25%。", ["增长1.5%。", "物价上涨2.25%。"]),
    ("《意见》指出：“要落实。”（见附件。）下文。",
     ["《意见》指出：“要落实。”", "（见附件。）", "下文。"]),
    ("一个“没有闭合的引号。下一句。", ["一个“没有闭合的引号。", "下一句。"]),
])
def test_chinese_sentences(text: str, expected: list[str]) -> None:
    assert texts(text, "zh-CN") == expected


def test_offsets_point_into_the_text() -> None:
    text = "  第一句。 第二句！\n\nFirst one. Second one.\n"
    spans = split_sentences(text)
    assert [s.text for s in spans] == ["第一句。", "第二句！", "First one.", "Second one."]
    for span in spans:
        assert text[span.start:span.end] == span.text


def test_a_blank_line_separates_paragraphs_and_sentences() -> None:
    text = "First line\nof one paragraph\n \nSecond paragraph without a stop\n\n\n第三段"
    assert [p.text for p in paragraphs(text)] == [
        "First line\nof one paragraph", "Second paragraph without a stop", "第三段"]
    # no sentence crosses a paragraph, even without a full stop; each paragraph its language
    assert texts(text) == [p.text for p in paragraphs(text)]


def test_empty_text() -> None:
    assert split_sentences("") == [] and paragraphs(" \n\n ") == []


def test_a_list_after_a_colon_is_one_chinese_sentence():
    text = "列席全会的有：部分老同志；市政府领导；各镇党委书记。全会号召全市奋力拼搏。"
    assert [s.text for s in split_sentences(text, "zh")] == [
        "列席全会的有：部分老同志；市政府领导；各镇党委书记。", "全会号召全市奋力拼搏。"]


def test_a_caption_on_its_own_line_is_its_own_sentence():
    text = ("The 10th Plenary Session of the 15th Dongguan Municipal Committee Held\n"
            "Scene of the session\n\nNext paragraph.")
    assert [s.text for s in split_sentences(text, "en")] == [
        "The 10th Plenary Session of the 15th Dongguan Municipal Committee Held",
        "Scene of the session", "Next paragraph."]


def test_english_abbreviations_end_no_sentence():
    text = "On Dec. 12 Mr. Li met the U.S. delegation in Room No. 5. It went well."
    assert [s.text for s in split_sentences(text, "en")] == [
        "On Dec. 12 Mr. Li met the U.S. delegation in Room No. 5.", "It went well."]

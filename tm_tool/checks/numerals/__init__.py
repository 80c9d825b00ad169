"""Numbers in Chinese and English text, for the number check.

Each number is *strong* (it must appear on the other side: 15, 第十五届, "three-year") or
*weak* (it may: 一个 "a/one", 两个 "two/both", a lone 百/千/万 as in 百姓 or 百县千镇万村,
"one", "first", month and weekday names). A strong number must be matched by a number of
equal value on the other side; weak numbers are never reported on their own. That is how
两个确立 ↔ "Two Establishments" passes while 第十五届 ↔ 16th fails, and why 千方百计 or 统一
never raise an alarm. Values are exact fractions, never floats.

chinese.py and english.py read the numbers of one language, rule by rule; model.py holds
the number and the rules shared by both (ranges, year pairs); match.py compares two sides.
"""

from __future__ import annotations

from ..placeholders import may_have_placeholders
from .cheap import may_have_strong_chinese, may_have_strong_english
from .chinese import chinese_numbers, counted_extent
from .english import english_numbers
from .match import compare
from .model import Number, show

__all__ = ["Number", "chinese_numbers", "compare", "counted_extent", "english_numbers",
           "may_have_placeholders", "may_have_strong_numbers", "numbers", "show"]


def numbers(text: str, lang: str) -> list[Number]:
    return chinese_numbers(text) if lang == "zh" else english_numbers(text)


def may_have_strong_numbers(text: str, lang: str) -> bool:
    """False only when ``numbers(text, lang)`` has no strong number (a cheap test first)."""
    return may_have_strong_chinese(text) if lang == "zh" else may_have_strong_english(text)

"""The cheap test before the rules: whether a text may have a strong number at all.

Most sentences have none, and a unit whose sides have none cannot have a number missing, so
the number check reads a side only when this test (or the other side's) says it may. The test
must never say no where the rules would find a strong number (tests/test_numbers.py checks it
on every aligned real-world line).
"""

from __future__ import annotations

import re

import ahocorasick_rs

from .chinese import NUMERALS, without_words
from .english import _ONE_IN, _lower, _view
from .english_vocab import _CARDINAL, DENOMINATORS

# Where a strong number can be (see chinese.read_numerals): a digit; a numeral that may be strong on
# its own; 一, 二, 两, 百, 千, 万, 亿 or 零 in a longer run (after 第, next to a numeral, a
# decimal 点 or 多/余 + 万/亿); a fraction, percentage or power. A text with none of these has
# weak numbers only, if any (masking words or placeholders only takes numbers away). Matched
# in the text as written: Traditional forms included, full-width digits are digits (\d).
_WEAK_ALONE = "一二两兩百千万萬亿億零"
_IN_A_RUN = NUMERALS + "兩萬億点點多余餘"
_MAY_BE_STRONG = re.compile(
    rf"\d|[三四五六七八九十〇○]|[{_WEAK_ALONE}][{_IN_A_RUN}]|[{_IN_A_RUN}第][{_WEAK_ALONE}]"
    "|分之|次方")


def may_have_strong_chinese(text: str) -> bool:
    """False only when :func:`chinese.chinese_numbers` finds no strong number in ``text``: one regex
    search instead of nine rules, and most sentences have no strong number.

    Where the regex finds something, it looks again with the words made of numerals that are
    no numbers masked (一一, 统一, 十分, 四面八方: most of its finds), as the rules mask them
    before reading any numeral (only the fraction, percentage and power rules read before
    them, and those need 分之 or 次方). Masking only takes characters away, so what the rules
    read as strong later is still there for the regex."""
    if _MAY_BE_STRONG.search(text) is None:
        return False
    if "分之" in text or "次方" in text:
        return True
    return _MAY_BE_STRONG.search(without_words(text)) is not None


# The words without which no strong number is spelled out: "one" and "zero" are weak alone
# and strong only with one of these ("one hundred", "one third") or in "one in one"; ordinals
# are weak unless they are denominators ("a third"); "a" needs a scale or a denominator.
_STRONG_WORDS = sorted((frozenset(_CARDINAL) | frozenset(DENOMINATORS)) - {"zero"})
_ONE = _STRONG_WORDS.index("one")
_DIGIT_OR_WORD = ahocorasick_rs.AhoCorasick([*_STRONG_WORDS, *"0123456789"])
_DIGIT = re.compile(r"\d")


def may_have_strong_english(text: str) -> bool:
    """False only when :func:`english.english_numbers` finds no strong number in ``text`` (no digit,
    no word above): one automaton scan in C instead of the rules, and most sentences have no
    strong number. The automaton finds words inside words too: a word counts only as a whole
    [a-z]+ run, as english._tokens reads words."""
    view = _view(text)
    if not view.isascii() and _DIGIT.search(view):  # (digits of other scripts)
        return True
    lower = _lower(view)
    end_of_text = len(lower)
    for index, start, end in _DIGIT_OR_WORD.find_matches_as_indexes(lower, overlapping=True):
        if index >= len(_STRONG_WORDS):
            return True  # a digit
        if (not start or not "a" <= lower[start - 1] <= "z") and (
                end == end_of_text or not "a" <= lower[end] <= "z") and (
                index != _ONE or _ONE_IN.match(lower, start)):
            return True
    return False

"""Numbers in English text: 15, 1,400, .08, 8.3 billion, 4–5x, 1860s, 16th, twenty-four,
a hundred and two, two dozen, two-thirds, one in six, Eleventh, Thur, Sept.

Each rule reads one kind of number and claims its span. Strong numbers must appear on the
other side; weak ones may ("one", "first", "second", month and weekday names, "a million",
"twice"), because English uses them where Chinese writes no numeral.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction

from ...text import half_width
from ..placeholders import mask_placeholders
from .english_vocab import (
    _CARDINAL,
    DECADE_WORDS,
    DENOMINATORS,
    MONTHS,
    MULTIPLIERS,
    ORDINALS,
    ROMAN,
    SCALES,
    TENS,
    UNITS,
    WEEKDAYS,
)
from .model import Number, exact, read_ranges

_DIGITS = re.compile(  # 1,400 and 39 291 900 (SI) and 1400; 12.5; .08
    r"(?:(?<![\w.])(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?!\d)|\d+)"
    r"(\.\d+)?|(?<![^\s(~-])\.(\d+))"
    r"(st|nd|rd|th|['’]?s|[x×k])?(?!\w)"
    r"(?:\+?\s*(hundred|thousand|million|billion|trillion)s?\b)?"
    r"(\s*(?:kilo|kb\b))?", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")
_JOIN = re.compile(r"[\s-]+|\s+and\s+")  # twenty-four, a hundred and two
_IDIOMS = re.compile(r"\b24/7\b|\bone another\b|\bone by one\b|\bone or more\b")
_ONE_IN = re.compile(r"\b(one|1)\s+(?:[a-z]+\s+)?(?:in|out\s+of)\s+(\d{1,3}|[a-z]+)\b",
                     re.IGNORECASE)  # one in six, one person in six
_YEAR = range(1000, 2101)
# The rules' shortcuts for texts where a rule can read nothing (False: every rule reads every
# text the slow way; tests/test_check_fast_paths.py compares the two)
FAST = True


def _is_year(value: Fraction) -> bool:
    # (``value in _YEAR`` compares a Fraction with each of the 1,101 years in turn)
    return value.denominator == 1 and value.numerator in _YEAR


_FOOTNOTE = re.compile(r"/(?=\s|$)")  # "the General Assembly, 7/ the conclusions": a note mark


def _view(text: str) -> str:
    return mask_placeholders(half_width(text))


def _lower(view: str) -> str:
    lower = view.lower()
    return lower if len(lower) == len(view) else view  # (a letter whose lower case is longer)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.view = _IDIOMS.sub(lambda m: " " * len(m.group()), _view(text))
        self.lower = _lower(self.view)
        self.found: list[Number] = []

    def add(self, start: int, end: int, values, strong: bool, **extra) -> None:
        values = tuple(Fraction(v) for v in values)
        self.found.append(Number(values, start, end, self.text[start:end], strong, **extra))
        self.view = self.view[:start] + " " * (end - start) + self.view[end:]
        self.lower = self.lower[:start] + " " * (end - start) + self.lower[end:]


def read_one_in(r: _Reader) -> None:
    """one in six = 1/6 (六分之一)."""
    for m in _ONE_IN.finditer(r.lower):
        word = m.group(2)
        denominator = int(word) if word.isdigit() else _CARDINAL.get(word)
        if denominator and denominator not in SCALES.values():
            r.add(m.start(), m.end(), [Fraction(1, denominator)], True)


def read_digits(r: _Reader) -> None:
    """15, 1,400, .08, 8.3 billion, 16th, 4–5x, 1860s, 10k, 26 kilobases (26,000 bases)."""
    for m in _DIGITS.finditer(r.view):
        whole, decimals, bare, suffix, scale_word, kilo = m.groups()
        value = exact("0." + bare) if bare else exact(whole + (decimals or ""))
        suffix = (suffix or "").lower()
        if suffix == "k":
            value *= 1000
        scale = Fraction(_CARDINAL.get((scale_word or "").lower(), 1))
        values = [value * scale]
        if decimals and len(decimals) == 4 and "," not in whole and len(whole) <= 3:
            values.append(exact(whole + decimals[1:]) * scale)  # 42.000 written the German way
        if kilo:  # 26 kilobases ↔ 2.6 万个碱基; the kilo is shared by a range (26 to 32 kb)
            values.append(value * 1000)
            scale = Fraction(1000)
        date = (suffix.endswith("s") and not bare) or (
            not decimals and not suffix and _is_year(value))
        in_name = m.start() >= 2 and r.view[m.start() - 1] == "-" and \
            r.view[m.start() - 2].isalpha()  # COVID-19
        if suffix.endswith("s") and len(whole or "") == 2:
            values.append(1900 + value)  # the 50s
        end = m.end(5) if scale_word else m.end(4) if suffix else m.end(3) if bare else \
            m.end(2) if decimals else m.end(1)
        footnote = not decimals and not suffix and _FOOTNOTE.match(r.view, end) is not None
        r.add(m.start(), end, values, not footnote, scale=scale, repeatable=date or in_name)
        if suffix.endswith("s"):  # in their 50s ↔ 50-60 岁: the decade's end may be written
            r.found.append(Number((value + 10,), m.start(), end, r.text[m.start():end], False))


def _tokens(r: _Reader) -> list[re.Match[str]]:
    """The words of the text; "and" is left out (it joins a hundred and two, see _JOIN)."""
    return [m for m in _WORD.finditer(r.lower) if m.group() != "and"]


# The words a spelled-out number can begin with: most words of a text are none of them.
_STARTERS = frozenset(_CARDINAL) | frozenset(ORDINALS) | {"a", "an", "half"}
# The words without one of which read_words reads nothing: a starter but "a" and "an" (which
# start a number only before "hundred", "dozen", a scale or a denominator, all in here).
_READ_WORDS_NEEDS = (frozenset(_CARDINAL) | frozenset(ORDINALS) | frozenset(DENOMINATORS)
                     | {"half"})


def read_words(r: _Reader) -> None:
    """twenty-four, a hundred and two, two dozen, Eleventh, twenty-first, two-thirds."""
    found = _WORD.findall(r.lower)
    if FAST and _READ_WORDS_NEEDS.isdisjoint(found):
        return  # (most texts: one scan in C instead of a match object per word)
    tokens = _tokens(r)
    # the tokens a number can start at (the words of ``tokens``, found in C)
    starters = [i for i, w in enumerate(w for w in found if w != "and") if w in _STARTERS]
    i = 0
    for at in starters:
        if at < i:
            continue  # (inside the number read last)
        i = at
        run, ordinal = _cardinal_run(r, tokens, i)
        if not run:
            i += 1
            continue
        words = [t.group() for t in run]
        start, end = run[0].start(), run[-1].end()
        value = _cardinal(words)
        nxt = tokens[i + len(run)] if i + len(run) < len(tokens) else None
        joined = nxt is not None and _JOIN.fullmatch(r.lower[end:nxt.start()])
        if not ordinal and joined and nxt.group() in DENOMINATORS and value < 100:
            fraction = Fraction(value, DENOMINATORS[nxt.group()])
            half = nxt.group().startswith(("half", "halv"))
            ordinal_too = [DENOMINATORS[nxt.group()]] if words[0] in ("a", "an") and not half \
                else []
            # a third (species) ↔ 第三; a half, one half ↔ 半 (weak: 两年半 ↔ two and a half)
            r.add(start, nxt.end(), [fraction, *ordinal_too], not (half and value == 1))
            i += len(run) + 1
            continue
        if words[0] == "half":
            value /= 2  # half a million
        values = [value]
        if ordinal and value >= 3 and words[-1] in DENOMINATORS:
            values.append(Fraction(1, value))  # the last third of the genome ↔ 最后三分之一
        if joined and nxt.group() in ("decade", "decades"):
            values.append(value * 10)  # two decades ↔ 二十年
        if "dozen" in words:
            values.append(value / 12 * 10)  # a dozen ↔ 十多
        counted = [w for w in words if w not in ("a", "an", "half", *SCALES)
                   and not (w == "hundred" and words[0] != "a")]
        # "one", ordinals (the third trimester ↔ 妊娠晚期), a million, "%s billion", several hundred
        weak = value < 2 or ordinal or not counted
        r.add(start, end, values, not weak)
        i += len(run)


def _cardinal_run(r: _Reader, tokens: list[re.Match[str]], i: int):
    """The tokens from i that spell one number, and whether it ends in an ordinal."""
    first = tokens[i].group()
    if first in ("a", "an", "half"):  # a hundred, a dozen, a third, half a million
        second = tokens[i + 1] if i + 1 < len(tokens) and _JOIN.fullmatch(
            r.lower[tokens[i].end():tokens[i + 1].start()]) else None
        after = second.group() if second else ""
        if first != "half" and after in DENOMINATORS:
            return [tokens[i]], False
        if not (after in ("hundred", "dozen", *SCALES) or (first == "half" and after == "a")):
            return [], False
    run: list[re.Match[str]] = []
    for token in tokens[i:]:
        word = token.group()
        if run and not _joins(r, run[-1], token):
            break
        if word in ORDINALS and (not run or run[-1].group() in (*TENS, "hundred")):
            return [*run, token], True
        if not _extends([t.group() for t in run[-1:]], word):
            break
        run.append(token)
    return run, False


def _joins(r: _Reader, last: re.Match[str], token: re.Match[str]) -> bool:
    """Whether the gap before ``token`` joins it to the number: "twenty-four", "a hundred
    and two", but "two and three" are two numbers."""
    gap = r.lower[last.end():token.start()]
    if not _JOIN.fullmatch(gap):
        return False
    return "and" not in gap or (last.group() in ("hundred", *SCALES)
                                and token.group() in (*UNITS, *TENS))


def _extends(last: list[str], word: str) -> bool:
    """Whether ``word`` continues a number whose last word is ``last`` (none: it starts
    one): "one two" are two numbers, "twenty four" one."""
    if not (word in _CARDINAL or (word in ("a", "an", "half") and (
            not last or last[0] == "half"))):
        return False
    if last and word in UNITS and last[0] in (*UNITS, *TENS) and not (
            last[0] in TENS and UNITS[word] < 10):
        return False
    return not (last and word in TENS and last[0] in (*UNITS, *TENS))


def _cardinal(words: list[str]) -> Fraction:
    total, current = 0, 0
    for word in words:
        word = ORDINALS.get(word, word)
        if word in ("a", "an", "half"):
            current = current or (1 if word in ("a", "an") else 0)
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            current += _CARDINAL[word]
    return Fraction(total + current)


def read_named(r: _Reader) -> None:
    """Month and weekday names, Firstly, twice, a bare "million": weak numbers."""
    words = set(_WORD.findall(r.lower))
    if FAST and _NAMED.isdisjoint(words) and not any(w.rstrip("s") in SCALES for w in words
                                            if w[-1] == "s"):
        return  # (most texts: the test below, on each distinct word instead of each match)
    for m in _tokens(r):
        if m.group() not in _NAMED and m.group().rstrip("s") not in SCALES:
            continue
        word, raw = m.group(), r.view[m.start():m.end()]
        reading = _calendar_reading(word, raw, r.view) or _named_reading(word, raw)
        if reading:
            r.add(m.start(), m.end(), reading[0], False, repeatable=reading[1])


def _calendar_reading(word: str, raw: str, view: str) -> tuple[list, bool] | None:
    """(values, repeatable) of a month or weekday name ("may" only as May, or alone)."""
    if word in MONTHS and (word != "may" or raw[0] == "M" or view.strip(" .") == raw):
        return [MONTHS[word]], True
    if word in WEEKDAYS and (raw[0].isupper() or view.strip(" .") == raw):
        return [WEEKDAYS[word]], False
    return None


def _named_reading(word: str, raw: str) -> tuple[list, bool] | None:
    if word.endswith("ly") and word[:-2] in ORDINALS:  # Firstly, Sixthly ↔ 第六
        return [_cardinal([word[:-2]])], False
    if word in MULTIPLIERS:  # doubled ↔ 增长了一倍 (up 100 %)
        return [MULTIPLIERS[word], 100 * (MULTIPLIERS[word] - 1)], False
    if word in DECADE_WORDS:
        return [DECADE_WORDS[word], 1900 + DECADE_WORDS[word]], True
    if word in ROMAN and raw.isupper():  # Form III ↔ 中三, World War II
        return [ROMAN[word]], False
    if word in SCALES or word.rstrip("s") in SCALES:
        return [SCALES[word.rstrip("s")]], False
    if word in ("half", "quarter"):
        return [Fraction(1, DENOMINATORS[word])], False
    return None


_NAMED = frozenset(MONTHS) | frozenset(WEEKDAYS) | {o + "ly" for o in ORDINALS} | frozenset(
    MULTIPLIERS) | frozenset(DECADE_WORDS) | frozenset(ROMAN) | frozenset(SCALES) | {
    "half", "quarter"}


def _mark_dates(found: list[Number]) -> list[Number]:
    """15 March, April 7, March 2020: the day of a date may be written again (3 月 15 日 … 3 月
    15 日), and the month of a date is required like its day (5 February ↔ 2 月 5 日, never
    5 月 5 日); a month name on its own stays weak (Sept. ↔ 九月 or nothing)."""
    def near(a: Number, b: Number) -> bool:
        return 0 <= a.start - b.end <= 2 or 0 <= b.start - a.end <= 2

    months = [n for n in found if n.text.lower() in MONTHS]
    days_and_years = [n for n in found if n.strong and n.value.denominator == 1
                      and (n.value <= 31 or _is_year(n.value))]
    out = []
    for n in found:
        if n in months and any(near(n, d) for d in days_and_years):
            n = replace(n, strong=True)
        elif n.strong and n.value <= 31 and any(near(n, m) for m in months):
            n = replace(n, repeatable=True)
        out.append(n)
    return out


RULES: tuple[Callable[[_Reader], None], ...] = (read_one_in, read_digits, read_words,
                                                 read_named)


def english_numbers(text: str) -> list[Number]:
    reader = _Reader(text)
    for rule in RULES:
        rule(reader)
    return read_ranges(_mark_dates(reader.found), reader.view)

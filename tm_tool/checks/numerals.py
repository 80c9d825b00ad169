"""Numbers in Chinese and English text, for the number check.

Each number is *strong* (it must appear on the other side: 15, 第十五届, "three-year") or
*weak* (it may: 一个 "a/one", 两个 "two/both", a lone 百/千/万 as in 百姓 or 百县千镇万村,
English ordinals such as "first-class" or "Firstly", month names). A strong number must be
matched by a strong or weak number of equal value on the other side; weak numbers are never
reported on their own. That is how 两个确立 ↔ "Two Establishments" passes while 第十五届 ↔ 16th
fails, and why 千方百计 or 统一 never raise an alarm.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import ahocorasick_rs

from ..text import half_width

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_RUN = re.compile("[〇零一二两三四五六七八九十百千万亿]+")

# Words written with numeral characters that are not numbers (masked before parsing).
NOT_NUMBERS = (
    "一些 一切 一系列 一体化 一体 统一 进一步 同一 唯一 万一 一旦 一道 一起 一同 一律 一致 一贯 "
    "一向 一般 一定 一直 一下 一点 一带一路 一手 一心一意 一以贯之 一往无前 一马当先 一张蓝图 "
    "一方面 另一方面 独一无二 万无一失 万众一心 千方百计 千家万户 五湖四海 四面八方 七上八下 "
    "三心二意 一五一十 百姓 老百姓 百花齐放 千里 万里 一如既往 一脉相承 一视同仁 一揽子 "
    "一把手 一线 一流 世界一流 之一 一批 一轮 一方 一面 一环 一体 一带 一举 一度 一味 "
    "千万别 千万不 千万要 十分 十足 十进制 十全十美 万分 千千万万 百般 百分百 一一 "
    "几十 几百 几千 几万 数十 数百 数千 数万 上百 上千 上万 成百上千 成千上万 "
    "零星 零售 零食 零件 零部件 零散 零碎 零钱 零距离"
).split()
_NOT_NUMBERS = ahocorasick_rs.AhoCorasick(  # one pass, longest word first where they overlap
    sorted(set(NOT_NUMBERS)), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
# 千万 means "tens of millions" (千万市民) unless a numeral or digit stands before it.
_QIANWAN = re.compile(r"(?<![0-9〇零一二两三四五六七八九十百])千万")

EN_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}
EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
               "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "firstly": 1,
               "secondly": 2, "thirdly": 3, "fourthly": 4, "fifthly": 5, "sixthly": 6}
EN_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), 1)} | {m: i for i, m in enumerate(
        "jan feb mar apr _ jun jul aug sep oct nov dec".split(), 1) if m != "_"} | {"sept": 9}
EN_WEEKDAYS = {d: i for i, d in enumerate(
    "monday tuesday wednesday thursday friday saturday sunday".split(), 1)} | {
    d: i for i, d in enumerate("mon tue wed thu fri sat sun".split(), 1)}  # 星期三 = Wednesday
EN_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000,
             "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
_EN_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:st|nd|rd|th|['’]?s)?(?![\w])"
    r"(?:\+?\s*(hundred|thousand|million|billion|trillion)s?\b)?",
    re.IGNORECASE,
)
# Candidate number words are found by an Aho–Corasick automaton over the lower-cased text (one
# pass in Rust instead of a 60-way alternation tried at every position), then kept when they
# are whole words.
_NUMBER_WORDS = sorted({*EN_WORDS, *EN_ORDINALS, *EN_MONTHS, *EN_WEEKDAYS})
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS)
_NUMBER_WORD_SCANNER = ahocorasick_rs.AhoCorasick(_NUMBER_WORDS)
_WORD_RUN = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
# "one of the modules", "if one is given": a pronoun more often than a count
_ONE_PRONOUN = re.compile(
    r"\s+(?:of|another|that|which|who|is|was|has|does|can|will|would|should|must)\b|['’]s\b")
_SCALE_AFTER = re.compile(r"[\s-]+(hundred|thousand|million|billion|trillion)s?\b", re.I)
# "a million", "half a million": a scale without a digit (weak: it may be written 100万)
_A_SCALE = re.compile(r"\b(half\s+)?an?\s+(hundred|thousand|million|billion|trillion)\b", re.I)
# "more than one", "a new one", "the only one": not a count to carry over
_MORE_THAN = re.compile(r"\b(?:more\s+than|a|an|the|this|that|each|any|every|no|which|some|"
                        r"new|old|only|right|wrong|other)\s+$", re.IGNORECASE)
_PERCENT_CN = re.compile("百分之([〇零一二两三四五六七八九十百千]+)")
# Digits inside identifiers (IPv4, EPUB3, value1, %(step2)s) are not numbers.
# (Latin and Greek letters count: IL-1β is a name.) 3,000多亿 = 3,000 × 10^8.
_LETTER = "A-Za-z_\u00c0-\u024f\u0370-\u03ff"
_ARABIC = re.compile(rf"(?<![{_LETTER}\d.])(\d+(?:[,，]\d{{3}})*)(\.\d+)?(?![{_LETTER}\d])"
                     r"\s*(?:多\s*)?([万亿])?")
# X分之Y is the fraction Y/X: the denominator is not a count of its own (三分之二 two-thirds).
_FRACTION_CN = re.compile("([〇零一二两三四五六七八九十百千]+)分之")
# 20世纪30年代 = the 1930s
_DECADE_CN = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*世纪\s*"
                        r"(\d0|[一二三四五六七八九]十)\s*年代")
# 单日 one-day, 单页 one page: 单 is "one" there (a weak number)
_SINGLE_CN = re.compile("单(?=[日页个次人])")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|\{[\w.]*\}|\$\{\w+\}|%\d*\$?[sd]")


@dataclass(frozen=True)
class Number:
    value: float
    start: int
    end: int
    text: str
    strong: bool


def may_have_placeholders(text: str) -> bool:
    return "%" in text or "{" in text  # every placeholder has one of these


def parse_chinese(run: str) -> float | None:
    """Value of a run of Chinese numerals: 十五 = 15, 二十 = 20, 二〇二五 = 2025, 三万 = 30000."""
    if not run:
        return None
    if all(ch in CN_DIGITS for ch in run):  # read digit by digit: 二〇二五
        if len(run) == 1:
            return float(CN_DIGITS[run])
        return float("".join(str(CN_DIGITS[ch]) for ch in run))
    total, section, digit = 0, 0, None
    for ch in run:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (digit if digit is not None else 1) * CN_UNITS[ch]
            digit = None
        elif ch in CN_BIG:
            section += digit or 0
            # 五万亿 = 5 × 10^4 × 10^8; a bare 亿 or 万 is one of them
            total = ((total + section) or 1) * CN_BIG[ch] if ch == "亿" else \
                total + (section or 1) * CN_BIG[ch]
            section, digit = 0, None
    return float(total + section + (digit or 0))


def chinese_numbers(text: str) -> list[Number]:
    folded = half_width(text)
    # Blank out what is not a number (百姓, 千方百计, placeholders), keeping offsets.
    spans = [(start, end) for _, start, end in _NOT_NUMBERS.find_matches_as_indexes(folded)]
    if "千万" in folded:
        spans += [m.span() for m in _QIANWAN.finditer(folded)]
    if may_have_placeholders(folded):
        spans += [m.span() for m in _PLACEHOLDER.finditer(folded)]
    spans.sort()
    view = folded
    if spans:
        parts, at = [], 0
        for start, end in spans:
            if end > at:
                start = max(start, at)
                parts += [folded[at:start], " " * (end - start)]
                at = end
        view = "".join(parts) + folded[at:]
    found: list[Number] = []
    taken: list[tuple[int, int]] = []
    for m in _ARABIC.finditer(view):
        if not m.group(1):
            continue
        value = float(m.group(1).replace(",", "").replace("，", "") + (m.group(2) or ""))
        if m.group(3):
            value *= CN_BIG[m.group(3)]
        found.append(Number(value, m.start(), m.end(), text[m.start():m.end()], True))
        taken.append(m.span())
    for m in _CN_RUN.finditer(view):
        if taken and any(s < m.end() and m.start() < e for s, e in taken):
            continue
        run = m.group()
        value = parse_chinese(run)
        if value is None:
            continue
        before = view[m.start() - 1] if m.start() else ""
        if before == "第":
            strong = True
        elif run in ("一", "两", "二") and before != "第":
            strong = False  # 一个 a/one, 两个 two/both, 二是 … enumerators are strong below
        elif len(run) == 1 and run in "百千万亿零":
            strong = False  # 百姓, 百县千镇万村; 零 alone (零增长) is not a count
        else:
            strong = True
        after = view[m.end()] if m.end() < len(view) else ""
        if after == "是" and run in CN_DIGITS:
            strong = False  # 一是、二是: enumerators, "Firstly" in English (weak there too)
        found.append(Number(value, m.start(), m.end(), text[m.start():m.end()], strong))
    if "分之" in view:  # X分之Y: X is a denominator (三分之二 = two-thirds), weak
        denominators = {m.start(1) for m in _FRACTION_CN.finditer(view)}
        found = [replace(n, strong=False) if n.start in denominators else n for n in found]
    if "年代" in view:  # 20世纪30年代 is one number, 1930 (the 1930s)
        for m in _DECADE_CN.finditer(view):
            century, decade = (float(g) if g.isdigit() else parse_chinese(g)
                               for g in m.groups())
            if century and decade is not None:
                found = [n for n in found if not m.start() <= n.start < m.end()]
                found.append(Number((century - 1) * 100 + decade, m.start(), m.end(),
                                    text[m.start():m.end()], True))
    if "单" in view:
        found += [Number(1.0, m.start(), m.end(), text[m.start():m.end()], False)
                  for m in _SINGLE_CN.finditer(view)]
    if "百分之" in view:  # 百分之五 = 5 %: the 百 is not a hundred
        found = [n for n in found if not (text[n.start:n.start + 3] == "百分之" or (
            n.text.startswith("百") and text[n.start:n.start + 3] == "百分之"))]
        for m in _PERCENT_CN.finditer(view):
            found = [n for n in found if not (m.start() <= n.start < m.end())]
            found.append(Number(parse_chinese(m.group(1)) or 0, m.start(), m.end(),
                                text[m.start():m.end()], True))
    return sorted(found, key=lambda n: n.start)


def _number_words(folded: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, lower-case word) of every whole word of ``folded`` that may be a number."""
    lowered = folded.lower()
    if len(lowered) != len(folded):  # a rare letter whose lower case is longer: word by word
        for m in _WORD_RUN.finditer(folded):
            word = m.group().lower()
            if word in _NUMBER_WORD_SET:
                yield m.start(), m.end(), word
        return
    for index, start, end in _NUMBER_WORD_SCANNER.find_matches_as_indexes(
            lowered, overlapping=True):
        before = folded[start - 1] if start else " "
        after = folded[end] if end < len(folded) else " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            yield start, end, _NUMBER_WORDS[index]


def english_numbers(text: str) -> list[Number]:
    folded = half_width(text)
    if may_have_placeholders(folded):
        folded = _PLACEHOLDER.sub(lambda m: " " * len(m.group()), folded)
    found: list[Number] = []
    if _DIGIT.search(folded):
        for m in _EN_NUMBER.finditer(folded):
            value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
            if m.group(3):
                value *= EN_SCALES[m.group(3).lower()]
            found.append(Number(value, m.start(), m.end(), text[m.start():m.end()], True))
    lowered = folded.lower()
    if any(scale in lowered for scale in EN_SCALES):
        for m in _A_SCALE.finditer(folded):
            value = EN_SCALES[m.group(2).lower()] * (0.5 if m.group(1) else 1)
            found.append(Number(value, m.start(), m.end(), text[m.start():m.end()], False))
    digits = [(n.start, n.end) for n in found]
    for start, end, word in _number_words(folded):
        if digits and any(s <= start < e for s, e in digits):
            continue  # "million" in "150 million" is already counted
        raw = folded[start:end]
        if word in EN_WORDS:
            scale = _SCALE_AFTER.match(folded, end)
            if scale:  # "one hundred", "five trillion"
                found.append(Number(EN_WORDS[word] * EN_SCALES[scale.group(1).lower()], start,
                                    scale.end(), folded[start:scale.end()], True))
                continue
            # "one of the modules", "the one that": a pronoun more often than a count
            strong = not (word == "one" and (
                _ONE_PRONOUN.match(folded, end)
                or _MORE_THAN.search(folded, max(0, start - 40), start)))
            found.append(Number(EN_WORDS[word], start, end, raw, strong))
        elif word in EN_ORDINALS:
            found.append(Number(EN_ORDINALS[word], start, end, raw, False))
        elif word in EN_MONTHS and (word != "may" or raw[0] == "M"
                                    or folded.strip(" .") == raw):  # a unit that is just "may"
            found.append(Number(EN_MONTHS[word], start, end, raw, False))
        elif word in EN_WEEKDAYS and raw[0].isupper():
            found.append(Number(EN_WEEKDAYS[word], start, end, raw, False))
    return sorted(found, key=lambda n: n.start)


def numbers(text: str, lang: str) -> list[Number]:
    return chinese_numbers(text) if lang == "zh" else english_numbers(text)


def compare(source: list[Number], target: list[Number]) -> tuple[list[Number], list[Number]]:
    """(strong source numbers the target lacks, strong target numbers the source lacks)."""
    def unmatched(side: list[Number], other: list[Number]) -> list[Number]:
        pool = [n.value for n in other]
        missing = []
        for n in side:
            if not n.strong:
                continue
            match = next((i for i, v in enumerate(pool) if abs(v - n.value) < 1e-9), None)
            if match is None:
                missing.append(n)
            else:
                pool.pop(match)
        return missing

    return unmatched(source, target), unmatched(target, source)

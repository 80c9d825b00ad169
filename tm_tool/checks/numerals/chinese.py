"""Numbers in Chinese text: 15, 1.2万亿, 二〇二五, 第十五届, 三分之二, 百分之五, 1000的8次方.

Each rule below reads one kind of number and claims its span, so that later rules do not
read the same characters again. What is written with numeral characters but is not a number
(百姓, 千方百计, 红十字会, 安倍晋三, 三氯沙) is masked or read as weak.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

import ahocorasick_rs

from ...text import half_width, is_han
from ..placeholders import mask_placeholders
from .model import Number, exact, read_ranges

CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}  # ○ (a circle) is written for 〇 in 一九九○年
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
# The numeral characters a Chinese number is written with (the extraction's too: zh_spans)
NUMERALS = "〇○零一二两三四五六七八九十百千万亿"
# Traditional forms read like the Simplified ones (one character for one: offsets stay)
_TRADITIONAL = str.maketrans("兩萬億單頁個進週禮統幾數餘點雙倆號",
                             "两万亿单页个进周礼统几数余点双俩号")

# Words written with numeral characters that are not numbers (masked before parsing).
NOT_NUMBERS = (
    "一些 一切 一系列 一体化 一体 统一 进一步 同一 唯一 万一 一旦 一道 一起 一同 一律 一致 一贯 "
    "一向 一般 一定 一直 一下 一点 一带一路 一手 一心一意 一以贯之 一往无前 一马当先 一张蓝图 "
    "一方面 另一方面 独一无二 万无一失 万众一心 千方百计 千家万户 五湖四海 四面八方 七上八下 "
    "三心二意 一五一十 百姓 老百姓 百花齐放 千里 万里 一如既往 一脉相承 一视同仁 一揽子 "
    "一把手 一线 一流 世界一流 之一 一批 一轮 一方 一面 一环 一带 一举 一度 一味 "
    "千万别 千万不 千万要 十分 十足 十进制 十进位 十全十美 万分 千千万万 百般 百分百 一一 "
    "几十 几百 几千 几万 数十 数百 数千 数万 上百 上千 上万 成百上千 成千上万 "
    "零星 零售 零食 零件 零部件 零散 零碎 零钱 零距离 "
    "十字 九州 神州 到处 第二天 第二日 次日 三明治 万象 八卦 九泉 五金 三角 四季如春 "
    # immediately, top priority, first task, front line, a dozen or so, tricycle
    "第一时间 第一位的 第一要务 第一线 十数 三轮车"
).split()
_NOT_NUMBERS = ahocorasick_rs.AhoCorasick(  # one pass, longest word first where they overlap
    sorted(set(NOT_NUMBERS)), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
# 千万 means "tens of millions" (千万市民) unless a numeral or digit stands before it.
_QIANWAN = re.compile(r"(?<![0-9〇零一二两三四五六七八九十百])千万")

# Words a count is written with (三个, 五年, 两倍, 十多例). A lone numeral followed by another
# Han character is part of a word or a name (三氯沙 triclosan, 四旬斋 Lent, 安倍晋三关闭).
# (The extraction's too: a span does not start at one after a number, zh_spans.)
CLASSIFIERS = frozenset(
    "个种名位次天年月日号周倍岁人家项条件只辆张本页台所座部层级类批组例份分秒时小点元美米"
    "公千万亿百十度成席届期章节段句篇首行列套轮场起艘架枚颗粒头匹把块片封间户对支股笔票国"
    "省市县区季代世步大方局盘遍回趟声刻克斤里尺寸吨升英码亩平立剂针栋宗起款门科届任号楼"
    "多余几来星礼半中")  # 中: 四中全会, the Fourth Plenary Session
# 1 名中国人 ↔ "a Chinese person": a digit 1 before a classifier may be an article in English
# and 1/6 的患者 ↔ "the sixth patient": one of six
_ONE_COUNTED = re.compile(r"\s*[个名位种项件例次家只条/]")

_RUN = f"[{NUMERALS}]+(?:点[{NUMERALS[:13]}]+)?"
_DIGITS = r"\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?!\d)|\d+(?:[,，]\d{3})*(?:\.\d+)?"
_LETTER = "A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff"  # not × or ÷
_ARABIC = re.compile(rf"(?<![{_LETTER}\d.])({_DIGITS})(?![{_LETTER}\d])"
                     r"(?:\s*[多余]?\s*(万亿|千万|百万|十万|亿|万|千))?")
_DECADE_DIGITS = re.compile(rf"(?<![{_LETTER}\d.])(\d{{1,3}}0)['’]?s(?![{_LETTER}\d])")
_POWER = re.compile(rf"(\d+|{_RUN})\s*的\s*(\d+|{_RUN})\s*次方")
_PERCENT = re.compile(rf"百分之({_RUN})")
_FRACTION = re.compile(rf"({_RUN}|\d+)\s*分之\s*({_RUN}|\d+)")
_DECADE = re.compile(r"(?:(\d{1,2}|[一二三四五六七八九十]{1,3})\s*世纪\s*)?"
                     r"(\d0|[一二三四五六七八九]十)\s*年代")  # 20世纪50年代, 九十年代
_WEEKDAY = re.compile("(?:星期|礼拜|周)([一二三四五六日天])")
_CN_RUN = re.compile(f"{_RUN}(?:[多余][万亿]+)?")  # 一百多亿 = over 10^10
_APPROXIMATE = re.compile("一二|二三|两三|三两|三四|四五|五六|六七|七八|八九")
_DATE_AFTER = re.compile(r"\s*[年月日号]")
_NAME_BEFORE = re.compile(r"[A-Za-z][- ]$")  # COVID-19, Coronavirus 2: the number of a name
# Weak words: they may stand for a number on the other side, never required.
WEAK_WORDS = {"头号": (1,), "首次": (1,), "首个": (1,), "首位": (1,), "单": (1,), "双": (2,),
              "俩": (2,), "一半": (Fraction(1, 2),), "半": (Fraction(1, 2),),
              "一倍": (1, 2, 100), "翻番": (2, 100), "翻一番": (2, 100), "全天候": (24, 7),
              "四处": (4,)}  # 四处 "everywhere", or four (places)
_WEAK_WORDS = ahocorasick_rs.AhoCorasick(
    sorted(WEAK_WORDS), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


def parse_run(run: str) -> Fraction:
    """Value of Chinese numerals: 十五 = 15, 二〇二五 = 2025, 五万亿 = 5 × 10^12, 三点五 = 3.5."""
    if "点" in run:
        whole, _, decimals = run.partition("点")
        return parse_run(whole) + Fraction("0." + "".join(str(CN_DIGITS[c]) for c in decimals))
    if all(ch in CN_DIGITS for ch in run):  # read digit by digit: 二〇二五
        return Fraction(int("".join(str(CN_DIGITS[ch]) for ch in run)))
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
    return Fraction(total + section + (digit or 0))


def _value(token: str) -> Fraction:
    return exact(token) if token[0].isdigit() else parse_run(token)


def _view(text: str) -> str:
    """The text as the rules read it (one character for one: offsets stay)."""
    return mask_placeholders(half_width(text).translate(_TRADITIONAL))


class _Reader:
    """The text being read: a view with claimed spans blanked, and the numbers found."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.view = _view(text)
        self.found: list[Number] = []

    def mask(self, spans: list[tuple[int, int]]) -> None:
        chars = list(self.view)
        for start, end in spans:
            chars[start:end] = " " * (end - start)
        self.view = "".join(chars)

    def add(self, match: re.Match[str], values, strong: bool, **extra) -> None:
        start, end = match.span()
        values = tuple(Fraction(v) for v in values)
        self.found.append(Number(values, start, end, self.text[start:end], strong, **extra))
        self.mask([(start, end)])


def _word_spans(view: str) -> list[tuple[int, int]]:
    return [(s, e) for _, s, e in _NOT_NUMBERS.find_matches_as_indexes(view)]


def without_words(text: str) -> str:
    """The view of ``text`` as :func:`mask_words` leaves it when no rule before it claimed a
    span (none does in a text without 分之 or 次方): what the later rules can read numbers
    from at most (for the cheap test: most numeral characters are in words like 一一)."""
    view = _view(text)
    spans = _word_spans(view)
    if not spans:
        return view
    chars = list(view)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def mask_words(r: _Reader) -> None:
    """百姓, 千方百计, 红十字会, 第二天: numeral characters that are not numbers; 千万 with no
    numeral before it is "tens of millions" (千万市民), weak."""
    r.mask(_word_spans(r.view))
    if "千万" in r.view:
        for m in _QIANWAN.finditer(r.view):
            r.add(m, [10**7], False)


def read_powers(r: _Reader) -> None:
    """1000的8次方 = 10^24 (how Django writes septillion)."""
    if "次方" not in r.view:  # (each rule's literal tested first: most texts have none)
        return
    for m in _POWER.finditer(r.view):
        r.add(m, [_value(m.group(1)) ** int(_value(m.group(2)))], True)


def read_percentages(r: _Reader) -> None:
    """百分之五 = 5 (%): the 百 is not a hundred."""
    if "百分之" not in r.view:
        return
    for m in _PERCENT.finditer(r.view):
        r.add(m, [parse_run(m.group(1))], True)


def read_fractions(r: _Reader) -> None:
    """三分之二 = 2/3 (X分之Y is Y/X): one number, so 四分之二 ≠ two-thirds."""
    if "分之" not in r.view:
        return
    for m in _FRACTION.finditer(r.view):
        denominator, numerator = _value(m.group(1)), _value(m.group(2))
        if denominator:
            r.add(m, [numerator / denominator], True)


def read_decades(r: _Reader) -> None:
    """20世纪50年代 = the 1950s; 1860s written in the Chinese text is the 1860s too."""
    for m in _DECADE.finditer(r.view) if "年代" in r.view else ():
        decade = _value(m.group(2))
        if m.group(1):
            r.add(m, [(_value(m.group(1)) - 1) * 100 + decade], True, repeatable=True)
        else:
            r.add(m, [1900 + decade, decade], True, repeatable=True)
    for m in _DECADE_DIGITS.finditer(r.view) if "s" in r.view else ():
        r.add(m, [int(m.group(1))], True, repeatable=True)


def read_weekdays(r: _Reader) -> None:
    """星期四 / 周四 / 礼拜四 = Thursday (weak, like English weekday names)."""
    if "周" not in r.view and "星期" not in r.view and "礼拜" not in r.view:
        return
    for m in _WEEKDAY.finditer(r.view):
        day = m.group(1)
        r.add(m, [7 if day in "日天" else CN_DIGITS[day]], False)


def read_digits(r: _Reader) -> None:
    """15, 1,400, 2.64, 1.2万亿 = 1.2 × 10^12, 3,000多亿 = 3 × 10^11."""
    for m in _ARABIC.finditer(r.view):
        scale = Fraction(parse_run(m.group(2))) if m.group(2) else Fraction(1)
        value = exact(m.group(1))
        strong = not (value == 1 and not m.group(2) and _ONE_COUNTED.match(r.view, m.end()))
        r.add(m, [value * scale], strong, scale=scale,
              repeatable=bool(_DATE_AFTER.match(r.view, m.end())
                              or _NAME_BEFORE.search(r.view, 0, m.start())))


def _is_strong(run: str, before: str, after: str) -> bool:
    """Whether a run of numerals must appear on the other side (its neighbours in the view)."""
    if before == "第":
        return True
    if run in ("一", "两", "二"):
        return False  # 一个 a/one, 两个 two/both
    if len(run) == 1 and run in "百千万亿零":
        return False  # 百姓, 百县千镇万村; 零 alone (零增长) is not a count
    if after == "是" and run in CN_DIGITS:
        return False  # 一是、二是: enumerators, "Firstly" in English
    # a numeral inside a word or name: 三氯沙, 四旬斋, 安倍晋三
    return not (len(run) == 1 and run in CN_DIGITS and (
        (after and is_han(after) and after not in CLASSIFIERS)
        or (before and is_han(before) and not (after and is_han(after)))))


def _run_values(r: _Reader, m: re.Match[str], run: str) -> list[Fraction]:
    values = [parse_run(run)]
    year = r.view[m.end():m.end() + 1] == "年"
    if year and len(run) == 2 and all(ch in CN_DIGITS for ch in run):
        values += [1900 + values[0], 2000 + values[0]]  # 九六年 = 1996
    if year and r.view[max(0, m.start() - 2):m.start()] == "民国":
        values.append(values[0] + 1911)  # 民国六十四年 = 1975
    return values


# The Five-Year Plans' names: 十三五, 十四五 are the 13th and 14th plan (the number, then 五 of
# 五年规划), not 15. Only this shape is cut: other digits side by side with a unit are an
# approximation read as before (十四五岁 "14 or 15 years old", 三十五六, 一二十 "ten or
# twenty"), and 零 is a placeholder (一千零一), so a cut anywhere a digit follows a digit
# misread them (100k bench sources: 一千零一夜 became 1000, 一二十面体 20).
_PLAN = re.compile("十[一二三四五六七八九]五")
_PLAN_PERIOD = ("时期", "期间")  # (十四五时期: 时 and 期 are classifiers too, of hours and issues)


def _runs(view: str) -> list[re.Match[str]]:
    """The numeral runs of ``view``, a Five-Year Plan's name cut in two (十四 and 五) unless a
    classifier follows it (十四五岁, 十四五个: fourteen or fifteen)."""
    found = []
    for m in _CN_RUN.finditer(view):
        after = view[m.end():m.end() + 2]
        if _PLAN.fullmatch(m.group()) and (after[:1] not in CLASSIFIERS
                                            or after in _PLAN_PERIOD):
            found += [_CN_RUN.fullmatch(view, m.start(), m.end() - 1),
                      _CN_RUN.fullmatch(view, m.end() - 1, m.end())]
        else:
            found.append(m)
    return [m for m in found if m is not None]


def read_numerals(r: _Reader) -> None:
    """十五, 第十五届, 二〇二五, 三个; 一, 两 and a lone 百/千/万 are weak (一个 "a", 百姓)."""
    for m in _runs(r.view):
        run = m.group().replace("多", "").replace("余", "")
        if len(run) > 1 and run[-1] == "两" and run[-2] in CN_UNITS:
            run = run[:-1]  # 二十两银子: twenty taels (两 is the unit, 22 is 二十二)
        elif len(run) == 2 and _APPROXIMATE.fullmatch(run):  # 三四点 "three or four o'clock"
            for i, ch in enumerate(run):
                r.found.append(Number((Fraction(CN_DIGITS[ch]),), m.start() + i,
                                      m.start() + i + 1, ch, False))
            r.mask([m.span()])
            continue
        before = r.view[m.start() - 1] if m.start() else ""
        after = r.view[m.end()] if m.end() < len(r.view) else ""
        # (十二、… at the start: a list label the translation may leave out)
        strong = _is_strong(run, before, after) and not (not m.start() and after == "、")
        r.add(m, _run_values(r, m, run), strong,
              repeatable=bool(_DATE_AFTER.match(r.view, m.end())))


def read_weak_words(r: _Reader) -> None:
    """头号 (number one), 双 (two-), 单 (one-), 一倍 (doubled, 100 %): weak numbers."""
    for _, start, end in _WEAK_WORDS.find_matches_as_indexes(r.view):
        word = r.view[start:end]
        if word == "半" and start and r.view[start - 1] in NUMERALS:
            continue  # 一个半 is read with its numeral
        r.found.append(Number(tuple(Fraction(v) for v in WEAK_WORDS[word]), start, end,
                              r.text[start:end], False))
        r.mask([(start, end)])


RULES: tuple[Callable[[_Reader], None], ...] = (
    read_powers, read_percentages, read_fractions, mask_words, read_decades, read_weekdays,
    read_weak_words, read_digits, read_numerals)


def counted_extent(text: str, number: Number) -> tuple[int, int]:
    """The characters that write ``number`` as an ordinal or a count: 第 before it and the
    classifier after it (第十五届 "15th", 十次 "10th", 四中全会's 四中 "Fourth"). What they add
    is said in English by the number itself (or its suffix), not by a word of its own."""
    start, end = number.start, number.end
    if start and text[start - 1] == "第":
        start -= 1
    if end < len(text) and text[end] in CLASSIFIERS:
        end += 1
    return start, end


def chinese_numbers(text: str) -> list[Number]:
    reader = _Reader(text)
    for rule in RULES:
        rule(reader)
    return read_ranges(reader.found, reader.view)

"""Chinese candidate spans of a segment: runs of 1–4 rjieba words that neither start nor end
with a function word, and whole quoted or title-marked spans (“…”, 《…》).

rjieba is jieba's segmenter and dictionary in Rust (the same cuts, about 5× faster, no log
lines, no dictionary cache file to write), so it is initialised on first use, quietly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import rjieba

from .. import cedict
from ..checks.numerals.chinese import CLASSIFIERS, NUMERALS
from ..text import HAN_CLASS
from . import dictionary

MAX_WORDS = 4
# Words a term does not start or end with ("的", "在…中"): edges of a span only, never inside.
EDGE_WORDS = frozenset("""
的 了 和 与 及 或 在 是 对 为 将 把 被 也 都 就 而 等 着 过 地 得 之 其 并 从 向 于 由 以 这 那
该 此 各 每 有 要 会 能 可 让 使 给 但 又 还 所 到 上 下 中 内 外 时 后 前 个 已 不 没有 我们 他们
它们 我 你 他 她 它 一 一些 这些 那些 这个 那个 其中 以及 并且 或者 如果 因为 所以 但是 如何 什么
可以 可能 需要 应该 进行 通过 已经 正在 就是 还是 以上 以下 之一 方面 情况 包括 一种 种 对于 关于
""".split())

# After a number a classifier (量词) counts what follows (5 例 | 死亡病例, 3 名 | 患者) and starts
# no term; elsewhere it may (名单, 例如 are other words to rjieba anyway). The classifiers and
# numerals are the number reader's (几 "a few" counts here too: 几 | 名患者).
_NUMBER = re.compile(rf"^(?:[0-9][0-9.,]*|[{NUMERALS}几]+)$")
_HAN = re.compile(f"[{HAN_CLASS}]")
_WORDLIKE = re.compile(rf"[{HAN_CLASS}A-Za-z0-9]")
_HAN_ONLY = re.compile(f"[{HAN_CLASS}]+")
_LATIN = re.compile(r"[A-Za-z]")
_NUMBERISH = re.compile(r"^[0-9.,%+\-]+$")
# A quoted or title-marked span: what a slogan or a document title is written in.
QUOTED = re.compile(r"“([^“”]{2,60})”|《([^《》]{2,120})》|「([^「」]{2,60})」|\"([^\"]{2,60})\"")


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int
    words: int


def words(text: str) -> list[tuple[str, int, int]]:
    """rjieba's words of ``text`` with their offsets."""
    return rjieba.tokenize(text)


Token = tuple[str, int, int]


def _runs(text: str, cut: Callable[[Token], list[Token]] | None = None) -> list[list[Token]]:
    """Runs of word tokens (each word ``cut`` finer, if given), broken at punctuation and
    spaces (a term never crosses them), except the one space that Chinese typesetting puts
    between Latin or digits and Han characters ("2019 新型冠状病毒", "COVID-19 爆发": one
    term)."""
    runs: list[list[Token]] = [[]]
    tokens = words(text) if cut is None else [t for word in words(text) for t in cut(word)]
    for n, token in enumerate(tokens):
        if _WORDLIKE.search(token[0]):
            runs[-1].append(token)
        elif runs[-1] and not _mixed_gap(token[0], runs[-1][-1][0],
                                          tokens[n + 1][0] if n + 1 < len(tokens) else ""):
            runs.append([])
    return [run for run in runs if run]


def _mixed_gap(gap: str, before: str, after: str) -> bool:
    """Whether ``gap`` is one space between a Latin/digit word and a Han word."""
    if gap != " " or not _WORDLIKE.search(after):
        return False
    return bool(_HAN.search(before[-1])) != bool(_HAN.search(after[0]))


def spans(text: str, max_words: int = MAX_WORDS,
          cut: Callable[[Token], list[Token]] | None = None) -> list[Span]:
    """Every candidate span of ``text``: at least one Han character, no function word at
    either edge, not a bare number, not starting with a classifier after a number (words
    ``cut`` finer, if given). A span may also start at the head of a word rjieba fused with
    the character before it (:func:`head_start`)."""
    found = []
    for run in _runs(text, cut):
        for i, (first, start, _) in enumerate(run):
            counted = first in CLASSIFIERS and i > 0 and bool(_NUMBER.match(run[i - 1][0]))
            starts = [] if first in EDGE_WORDS or counted else [start]
            if cut is None and (head := head_start(first)):
                starts.append(start + head)
            for at in starts:
                for j in range(i, min(i + max_words, len(run))):
                    last, _, end = run[j]
                    if last in EDGE_WORDS:
                        continue
                    piece = text[at:end]
                    if _termlike(piece):
                        found.append(Span(piece, at, end, j - i + 1))
    return found


@lru_cache(maxsize=1 << 16)
def head_start(word: str) -> int:
    """Where the head of a word rjieba fused with the character before it starts (1), else
    0: a word CC-CEDICT lacks that its cut (dictionary.units) makes one character and a
    headword of two or more (勤 | 洗手: "wash one's hands often"). Chinese compounds are
    right-headed, so the headword is the word's head and may be the term on its own; a
    headword and a character after it (病死 | 率, 呼吸 | 机) is a word with its own head, the
    suffix, and is not cut."""
    if len(word) < 3 or not _HAN_ONLY.fullmatch(word):
        return 0
    if word in cedict.load():
        return 0
    parts = dictionary.units(word)
    return 1 if len(parts) == 2 and len(parts[0]) == 1 else 0


def is_head(word: str) -> bool:
    """Whether a word may be the head noun written after a marked name (“十五五”时期): Han
    characters, not a function word."""
    return bool(word) and bool(_HAN_ONLY.fullmatch(word)) and word not in EDGE_WORDS


def _termlike(piece: str) -> bool:
    """Han characters, or Latin letters (CDC, SARS-CoV-2 in a Chinese sentence): not a bare
    number."""
    return bool(_HAN.search(piece) or _LATIN.search(piece)) and not _NUMBERISH.match(piece)


def quoted(text: str) -> list[Span]:
    """The quoted and title-marked spans of ``text`` (their inside, without the marks)."""
    found = []
    for match in QUOTED.finditer(text):
        group = next(g for g in range(1, 5) if match.group(g) is not None)
        inner = match.group(group).strip()
        if _HAN.search(inner):
            start = match.start(group)
            found.append(Span(inner, start, start + len(inner), 0))
    return found

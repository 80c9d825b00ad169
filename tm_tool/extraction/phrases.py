"""The phrase path: a term used once cannot be found by counting, but inside its own aligned
pair CC-CEDICT links most of its words (高质量发展 → high, quality, development), and numbers
link themselves (第十五届 → 15th). A Chinese span whose links all fall in one stretch of the
English, which in turn links back into the span only, is a candidate with that stretch
(phrase pairs consistent with a word alignment, as phrase-based translation extracts them)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..checks.numerals import numbers
from . import dictionary, en_groups, slogans, zh_spans
from .evidence import Candidate
from .statistical import Text, fill

MAX_WORDS = 8  # rjieba words in a span
# Least share of the span's characters and of the stretch's content words that are linked.
MIN_COVERAGE = 0.75
_POSSESSIVE = re.compile(r"['’]s$")  # "General Secretary Xi Jinping’s" names Xi Jinping


@dataclass
class _Word:
    text: str
    start: int
    end: int
    stems: frozenset[str]  # the word's and its hyphenated parts' ("year-end": year, end)
    function: bool


def _english(en: str) -> list[_Word]:
    words = []
    for m in en_groups.WORD.finditer(en):
        lowered = m.group().lower()
        parts = {lowered, *lowered.split("-")} - en_groups.STOPWORDS
        words.append(_Word(m.group(), m.start(), m.end(),
                           frozenset(dictionary.stem(p) for p in parts if p),
                           en_groups.is_function_word(m.group())))
    return words


def _links(zh: str, en: str, words: list[_Word]) -> list[set[int]]:
    """For each Chinese character, the English words a gloss or a number links it to."""
    links: list[set[int]] = [set() for _ in zh]
    _gloss_links(zh, words, links)
    _number_links(zh, en, words, links)
    return links


def _gloss_links(zh: str, words: list[_Word], links: list[set[int]]) -> None:
    by_stem: dict[str, list[int]] = {}
    for n, w in enumerate(words):
        if not w.function:
            for stem in w.stems:
                by_stem.setdefault(stem, []).append(n)
    # rjieba's words and CC-CEDICT's longest headwords: either may be the one glossed
    pieces = [(token, start) for token, start, _ in zh_spans.words(zh) if token.strip()]
    at = 0
    for unit in dictionary.units(zh):
        at = zh.find(unit, at)
        pieces.append((unit, at))
        at += len(unit)
    for piece, start in pieces:
        partners = {n for stem in dictionary.glossed(piece) for n in by_stem.get(stem, ())}
        for i in range(start, start + len(piece)):
            links[i] |= partners


def _number_links(zh: str, en: str, words: list[_Word], links: list[set[int]]) -> None:
    values: dict = {}
    for number in numbers(en, "en"):
        near = {n for n, w in enumerate(words) if w.start < number.end and number.start < w.end}
        for v in number.values:
            values.setdefault(v, set()).update(near)
    for number in numbers(zh, "zh"):
        partners = set().union(*(values.get(v, set()) for v in number.values))
        for i in range(number.start, number.end):
            links[i] |= partners


def pairs_in(text: Text) -> list[tuple[str, str, float]]:
    """(zh, en, coverage) for each span of one segment whose English stretch is consistent."""
    words = _english(text.en)
    if not words:
        return []
    links = _links(text.zh, text.en, words)
    back: dict[int, set[int]] = {}
    for i, targets in enumerate(links):
        for n in targets:
            back.setdefault(n, set()).add(i)
    found = []
    for span in zh_spans.spans(text.zh, MAX_WORDS):
        pair = _stretch(text, span, links, back, words)
        if pair is not None:
            found.append(pair)
    return found


def _window(needs: list[set[int]]) -> tuple[int, int]:
    """The shortest stretch of English words holding a partner of every linked character
    (a word repeated elsewhere in the sentence is not this span's partner)."""
    best = (0, 10**9)
    for a in sorted(set().union(*needs)):
        ends = [min((n for n in need if n >= a), default=None) for need in needs]
        if None in ends:
            break
        b = max(e for e in ends if e is not None)
        if b - a < best[1] - best[0]:
            best = (a, b)
    return best


def _stretch(text: Text, span: zh_spans.Span, links: list[set[int]],
             back: dict[int, set[int]], words: list[_Word]) -> tuple[str, str, float] | None:
    inside = range(span.start, span.end)
    counted = [i for i in inside if not text.zh[i].isspace()]
    needs = {frozenset(links[i]) for i in counted if links[i]}
    if not needs:
        return None
    needs_list = [set(n) for n in needs]
    a, b = _window(needs_list)
    for _ in range(2):  # a character glossed by a word far away: leave that link out
        if b - a < 2 * len(counted) + 2 or len(needs_list) < 2:
            break
        shorter = min((_window(needs_list[:k] + needs_list[k + 1:]), k)
                      for k in range(len(needs_list)))
        (a, b), k = shorter
        needs_list.pop(k)
    while a < b and words[a].function:
        a += 1
    while b > a and words[b].function:
        b -= 1
    stretch = set(range(a, b + 1))
    content = [n for n in stretch if not words[n].function]
    inside_set = set(inside)
    # every linked English word of the stretch links back into the span
    if any(n in back and not back[n] & inside_set for n in content):
        return None
    zh_cover = sum(1 for i in counted if links[i] & stretch) / len(counted)
    en_cover = sum(1 for n in content if back.get(n, set()) & inside_set) / max(len(content), 1)
    if min(zh_cover, en_cover) < MIN_COVERAGE:
        return None
    english = _POSSESSIVE.sub("", text.en[words[a].start:words[b].end])
    return span.text, english, (zh_cover + en_cover) / 2


class Collector(slogans.Collector):
    """slogans.Collector's tally over this path's pairs (their strength: the coverage)."""

    @staticmethod
    def pairs_in(text: Text) -> Iterable[tuple[str, str, float]]:
        return pairs_in(text)

    def candidates(self) -> list[Candidate]:
        result = []
        for (zh, en), (coverage, where) in self.by_pair.items():
            candidate = Candidate(zh=zh, en=en, method="phrase", freq=self.freq[(zh, en)],
                                  score=100 * coverage, confirmation=coverage)
            fill(candidate, where)
            result.append(candidate)
        return result


def candidates(texts: Iterable[Text]) -> list[Candidate]:
    collector = Collector()
    for text in texts:
        collector.add(text)
    return collector.candidates()

"""The phrase path: a term used once cannot be found by counting, but inside its own aligned
pair CC-CEDICT links most of its words (高质量发展 → high, quality, development), and numbers
link themselves (第十五届 → 15th). A Chinese span whose links all fall in one stretch of the
English, which in turn links back into the span only, is a candidate with that stretch
(phrase pairs consistent with a word alignment, as phrase-based translation extracts them)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..checks.numerals import counted_extent, numbers
from ..text import HAN_CLASS
from . import dictionary, en_groups, slogans, zh_spans
from .evidence import Candidate
from .statistical import Text, fill

MAX_WORDS = 8  # rjieba words in a span
# Least share of the span's characters and of the stretch's content words that are linked.
MIN_COVERAGE = 0.75
_CLAUSE_BREAK = re.compile(r"[^\s\w'’-]")  # punctuation between two words
_HAN_WORD = re.compile(f"[{HAN_CLASS}]+")
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


def _links(zh: str, en: str, words: list[_Word]) -> tuple[list[set[int]], list[set[int]]]:
    """For each Chinese character, the English words a gloss or a number links it to; and
    the partners of the shortest glossed piece holding it, which a stretch must hold."""
    links: list[set[int]] = [set() for _ in zh]
    finest: list[tuple[int, set[int]]] = [(len(zh) + 1, set()) for _ in zh]
    _gloss_links(zh, words, links, finest)
    needs = [set(part or whole) for whole, (_, part) in zip(links, finest, strict=True)]
    _number_links(zh, en, words, links)
    _number_links(zh, en, words, needs)
    return links, needs


def _gloss_links(zh: str, words: list[_Word], links: list[set[int]],
                 finest: list[tuple[int, set[int]]]) -> None:
    by_stem: dict[str, list[int]] = {}
    for n, w in enumerate(words):
        if not w.function:
            for stem in w.stems:
                by_stem.setdefault(stem, []).append(n)
    for piece, start in _pieces(zh):
        partners = {n for stem in dictionary.glossed(piece) for n in by_stem.get(stem, ())}
        for i in range(start, start + len(piece)):
            links[i] |= partners
            if partners and len(piece) < finest[i][0]:
                finest[i] = (len(piece), partners)


def _pieces(zh: str) -> list[tuple[str, int]]:
    """The pieces of ``zh`` a gloss may link, with their offsets: rjieba's words and
    CC-CEDICT's longest headwords (either may be the one glossed), and the headwords inside a
    long piece: 新兴产业 is glossed "emerging industry" as one word, and only its parts 新兴 and
    产业 say which English word each character needs (else a stretch holding "industries"
    alone holds a partner of every character)."""
    pieces = [(token, start) for token, start, _ in zh_spans.words(zh) if token.strip()]
    at = 0
    for unit in dictionary.units(zh):
        at = zh.find(unit, at)
        pieces.append((unit, at))
        at += len(unit)
    for piece, start in list(pieces):
        if len(piece) > 2:
            inner = start
            for unit in dictionary.units(piece, len(piece) - 1):
                inner = zh.find(unit, inner)
                if len(unit) > 1:
                    pieces.append((unit, inner))
                inner += len(unit)
    return pieces


def _number_links(zh: str, en: str, words: list[_Word], links: list[set[int]]) -> None:
    values: dict = {}
    for number in numbers(en, "en"):
        near = {n for n, w in enumerate(words) if w.start < number.end and number.start < w.end}
        for v in number.values:
            values.setdefault(v, set()).update(near)
    for number in numbers(zh, "zh"):
        partners = set().union(*(values.get(v, set()) for v in number.values))
        # 第 and the classifier too (届 of 二十届 is the "th" of "20th", whatever its glosses
        # "period", "year" link elsewhere)
        for i in range(*counted_extent(zh, number)):
            links[i] |= partners


def pairs_in(text: Text) -> list[tuple[str, str, float]]:
    """(zh, en, coverage) for each span of one segment whose English stretch is consistent."""
    words = _english(text.en)
    if not words:
        return []
    links, needs = _links(text.zh, text.en, words)
    back: dict[int, set[int]] = {}
    for i, targets in enumerate(links):
        for n in targets:
            back.setdefault(n, set()).add(i)
    titles = _title_words(text.en, words)
    counts = [counted_extent(text.zh, n) for n in numbers(text.zh, "zh")]
    found = []
    for span in _spans(text.zh):
        if any(a < cut < b for a, b in counts for cut in (span.start, span.end)):
            continue  # 届 or 第 alone, 十五 out of 第十五届: a number is a term's whole word
        pair = _stretch(text, span, links, needs, back, words, titles)
        if pair is not None:
            found.append(pair)
    return found


def _spans(zh: str) -> list[zh_spans.Span]:
    """The spans of rjieba's words and those of its words cut into CC-CEDICT's headwords: a
    term may end inside a word rjieba joins to the next one (未来产业 in 未来 | 产业布局,
    "future industries" | "layout") or start inside one (党的创新理论 in 用党 | 的 …)."""
    found = {(s.start, s.end): s for s in zh_spans.spans(zh, MAX_WORDS)}
    for span in zh_spans.spans(zh, MAX_WORDS, _headwords):
        found.setdefault((span.start, span.end), span)
    return list(found.values())


def _headwords(token: zh_spans.Token) -> list[zh_spans.Token]:
    """A Chinese word as the CC-CEDICT headwords inside it: those it is made of if the
    dictionary lacks it (用党 → 用, 党), else those of two characters or more that make up a
    word of three or more (产业布局 → 产业, 布局); else whole."""
    word, start, _ = token
    if len(word) < 2 or not _HAN_WORD.fullmatch(word):
        return [token]
    parts = dictionary.units(word)
    if len(parts) < 2:
        parts = dictionary.units(word, len(word) - 1)
        if len(parts) < 2 or any(len(p) < 2 for p in parts):
            return [token]
    found, at = [], start
    for part in parts:
        found.append((part, at, at + len(part)))
        at += len(part)
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


def _near_window(needs: list[set[int]], size: int) -> tuple[int, int]:
    """_window, leaving out up to two links far away: a link is far away when leaving it out
    shortens the stretch by more words than the span has characters (``size``): 中国 ↔ a
    "China" twenty words on, when the gloss misses the "Chinese" inside the stretch."""
    a, b = _window(needs)
    for _ in range(2):
        if len(needs) < 2 or b - a <= size:  # (no link left out could shorten it by more)
            break
        (c, d), k = min((_window(needs[:k] + needs[k + 1:]), k) for k in range(len(needs)))
        if (b - a) - (d - c) <= size:
            break
        a, b = c, d
        needs = needs[:k] + needs[k + 1:]
    return a, b


def _grown(a: int, b: int, en: str, words: list[_Word], back: dict[int, set[int]], inside: set[int],
           titles: list[tuple[int, int]]) -> tuple[int, int]:
    """The stretch grown over the neighbouring words linked into the span (over function
    words between: "Xi" beside "Jinping", 习近平 needs only one of them to be found; "fill
    the vacancies" for 递补), then to the whole Title-Case name it cuts when each word of the
    name links into the span or nowhere (党章 ↔ "Party Constitution": 章 is glossed
    "chapter"); function words at its edges dropped."""
    def linked(n: int) -> bool:
        return bool(back.get(n, set()) & inside)

    def joins(n: int, k: int) -> bool:  # next to it, or past function words if only its own
        return linked(k) and (abs(k - n) == 1 or back[k] <= inside)

    while (k := _next_content(en, words, a, -1)) is not None and joins(a, k):
        a = k
    while (k := _next_content(en, words, b, 1)) is not None and joins(b, k):
        b = k
    for first, last in titles:
        if first <= a and b <= last and (first, last) != (a, b) and all(
                linked(n) or n not in back for n in range(first, last + 1)):
            a, b = first, last
            break
    while a < b and words[a].function:
        a += 1
    while b > a and words[b].function:
        b -= 1
    return a, b


def _name_head(en: str, words: list[_Word], b: int, back: dict[int, set[int]],
               titles: list[tuple[int, int]]) -> int:
    """The stretch's last word moved to the end of the capitalised run it stops inside, if
    the words up to there are linked nowhere: an English name puts its head last ("the 20th
    Central Committee": a stretch ending on the linked "20th" cuts the name before the head
    the Chinese writes with an abbreviation, 四中全会's 中). The coverage is the stretch's
    own; the words taken are no other span's."""
    for first, last in titles:
        if first <= b < last:
            end = b
            while end < last and en_groups.is_capitalised(words[end + 1].text) \
                    and en_groups.joined(en, words[end].end, words[end + 1].start):
                end += 1
            # the whole run or nothing: a word linked elsewhere is another span's part of
            # the name ("the 13th Guangdong Provincial Party Committee" for 十三届 without 省委)
            if all(n not in back and not words[n].function for n in range(b + 1, end + 1)):
                return end
            break
    return b


def _next_content(en: str, words: list[_Word], at: int, step: int) -> int | None:
    """The next word from ``at`` in direction ``step`` that is not a function word (past two
    at most) in the same clause, else None."""
    k = at + step
    while 0 <= k < len(words) and words[k].function and abs(k - at) <= 2:
        k += step
    if not (0 <= k < len(words)) or words[k].function:
        return None
    first, last = sorted((at, k))
    between = en[words[first].end:words[last].start]
    return k if not _CLAUSE_BREAK.search(between) else None


def _title_words(en: str, words: list[_Word]) -> list[tuple[int, int]]:
    """The Title-Case names of ``en`` as (first, last) word indexes; none in a headline,
    whose every word is capitalised ("… of the Communist Party of China Held"): there the
    capitals do not bound a name."""
    index = {w.start: n for n, w in enumerate(words)}
    ends = {w.end: n for n, w in enumerate(words)}
    found = [(index[g.start], ends[g.end]) for g in en_groups.title_spans(en)
             if g.start in index and g.end in ends]
    return [] if (0, len(words) - 1) in found else found


def _stretch(text: Text, span: zh_spans.Span, links: list[set[int]], needed: list[set[int]],
             back: dict[int, set[int]], words: list[_Word],
             titles: list[tuple[int, int]]) -> tuple[str, str, float] | None:
    inside = range(span.start, span.end)
    counted = [i for i in inside if not text.zh[i].isspace()]
    needs = [set(n) for n in {frozenset(needed[i]) for i in counted if needed[i]}]
    if not needs:
        return None
    inside_set = set(inside)

    def pair(a: int, b: int) -> tuple[str, str, float] | bool:
        """The pair of the stretch, else whether it failed only for holding other spans'
        words."""
        def coverage(a: int, b: int) -> tuple[float, float] | bool:
            return _coverage(range(a, b + 1), counted, links, words, back, inside_set,
                             span.text)

        core = _grown(a, b, text.en, words, back, inside_set, [])
        a, b = _grown(a, b, text.en, words, back, inside_set, titles)
        measured = coverage(a, b)
        if measured is not True and min(measured) < MIN_COVERAGE and core != (a, b):
            # the whole name holds too many words linked nowhere: the stretch as the links
            # found it, completed to the head of the name it stops inside (_name_head)
            (a, b), measured = core, coverage(*core)
        if measured is True:
            return True
        zh_cover, en_cover = measured
        if min(zh_cover, en_cover) < MIN_COVERAGE:
            return False
        b = _name_head(text.en, words, b, back, titles)
        english = _POSSESSIVE.sub("", text.en[words[a].start:words[b].end])
        return span.text, english, (zh_cover + en_cover) / 2

    found = pair(*_near_window(needs, len(counted)))
    if found is True and len(needs) > 1:
        # a stretch reaching a far partner holds the words of other spans (质量强市's 强 glossed
        # "strong" three words before "quality-oriented city", across "brand city"): the
        # shortest consistent stretch without one character's partners is the pair, if the
        # span's coverage allows that character unlinked
        spare = len(counted) - MIN_COVERAGE * len(counted)
        windows = {_window(needs[:k] + needs[k + 1:]) for k, need in enumerate(needs)
                   if sum(1 for i in counted if needed[i] == need) <= spare}
        for a, b in sorted(windows, key=lambda w: (w[1] - w[0], w)):
            if isinstance(found := pair(a, b), tuple):
                break
    return found if isinstance(found, tuple) else None


def _coverage(stretch: range, counted: list[int], links: list[set[int]], words: list[_Word],
              back: dict[int, set[int]], inside: set[int], zh: str) -> tuple[float, float] | bool:
    """The share of the span's characters and of the stretch's content words that are
    linked, else True when a linked word of the stretch links outside the span."""
    content = [n for n in stretch if not words[n].function]
    # every linked English word of the stretch links back into the span
    if any(n in back and not back[n] & inside for n in content):
        return True
    covered = [bool(links[i] & set(stretch)) for i in counted]
    _fill_gaps(covered, [(words[n], bool(back.get(n))) for n in content], zh)
    return (sum(covered) / len(counted),
            sum(1 for n in content if back.get(n, set()) & inside) / max(len(content), 1))


def _fill_gaps(covered: list[bool], content: list[tuple[_Word, bool]], zh: str) -> None:
    """Mark as covered the unlinked stretches inside a span (between linked characters)
    when the English has as many unaligned words (_spare): unaligned words on both sides
    translate each other (就业优先战略 ↔ "employment-first strategy": CC-CEDICT glosses 优先
    "priority", never "first")."""
    gaps, i = [], 0
    while i < len(covered):
        j = i
        while j < len(covered) and not covered[j]:
            j += 1
        if j > i and i > 0 and j < len(covered):
            gaps.append((i, j))
        i = j + 1
    if gaps and _spare(content, zh) >= len(gaps):
        for a, b in gaps:
            covered[a:b] = [True] * (b - a)


def _spare(content: list[tuple[_Word, bool]], zh: str) -> int:
    """The parts of the stretch's hyphenated linked words that no gloss of the span gives
    ("first" of "employment-first"; a whole word linked nowhere is not counted: too many
    a stretch's neighbours would be)."""
    glossed = frozenset().union(*(dictionary.glossed(piece) for piece, _ in _pieces(zh)))
    spare = 0
    for word, linked in content:
        parts = [p for p in word.text.lower().split("-") if p and p not in en_groups.STOPWORDS]
        if linked and len(parts) > 1:
            spare += sum(1 for p in parts if dictionary.stem(p) not in glossed)
    return spare


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

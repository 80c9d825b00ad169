"""How far CC-CEDICT confirms that a Chinese span and an English group translate each other:
the share of the group's content words that a gloss of the span's words gives, and the share
of the span's words whose glosses the group holds, averaged. Numbers count as words: 15 and
第十五届 confirm each other, 15 and 16 do not."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .. import cedict
from ..checks.numerals import numbers
from . import en_groups

_SUFFIX = re.compile(r"(?<=[a-z]{3})(?:ing|ed|s)$")
_POSSESSIVE = re.compile(r"['’]s?$")  # "city’s", "cities’": the word is "city", "cities"


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude stem, enough to meet a gloss ("protective" ~ "protect", "cases" ~ "case"): an
    inflection ("washing", "hands", "infected") and a final e go before the first five
    letters are kept, else 洗手's gloss "to wash one's hands" never met "washing hands". A
    possessive goes first: "city’s" is "city" (its apostrophe would stay in the stem)."""
    word = _SUFFIX.sub("", _POSSESSIVE.sub("", word))
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word[:5]


def parts(word: str) -> list[str]:
    """A word and, if hyphenated, its parts ("hand-washing": hand, washing): a compound is
    written with a hyphen, with a space or as one word ("hand washing", "handwashing")."""
    if "-" not in word:
        return [word]
    return [word, *(p for p in word.split("-") if p)]


@cache
def glossed(word: str) -> frozenset[str]:
    if word.isascii():
        return frozenset({stem(word.lower())})
    found = _gloss_stems(word)
    short = abbreviation(word)
    return found | _gloss_stems(short) if short else found


def _gloss_stems(word: str) -> frozenset[str]:
    return frozenset(stem(p) for w in cedict.load().english_words(word) for p in parts(w))


def abbreviation(word: str) -> str | None:
    """The abbreviation of a word of two two-character headwords, made of each one's first
    character, when the dictionary has it: 全体 | 会议 → 全会, 科学 | 技术 → 科技. Chinese
    shortens names so, and the dictionary often glosses only one of the two forms (全会
    "plenary session", 全体会议 "meeting of the whole committee"): they name one thing."""
    dictionary = cedict.load()
    if len(word) != 4 or not (word[:2] in dictionary and word[2:] in dictionary):
        return None
    short = word[0] + word[2]
    return short if short in dictionary else None


_LONGEST = 6  # characters of the longest headword tried when a span is cut into dictionary words


@cache
def units(zh: str, longest: int = _LONGEST) -> tuple[str, ...]:
    """``zh`` cut into CC-CEDICT headwords, longest first from the left (a Latin or digit
    run is one unit; a character the dictionary lacks is one of its own)."""
    dictionary = cedict.load()
    found: list[str] = []
    i = 0
    while i < len(zh):
        if zh[i].isascii():
            j = i
            while j < len(zh) and zh[j].isascii():
                j += 1
            if zh[i:j].strip():
                found.append(zh[i:j].strip())
            i = j
            continue
        for size in range(min(longest, len(zh) - i), 0, -1):
            if size == 1 or zh[i:i + size] in dictionary:
                found.append(zh[i:i + size])
                i += size
                break
    return tuple(found)


def _values(text: str, lang: str) -> tuple[frozenset, frozenset]:
    """The strong numbers' values and every number's values (weak ones too: 两个 "two")."""
    found = numbers(text, lang)
    return (frozenset(n.value for n in found if n.strong),
            frozenset(v for n in found for v in n.values))


@lru_cache(maxsize=1 << 16)
def _content_stems(en: str) -> frozenset[str]:
    """The stems of the content words of ``en``, a hyphenated word's by its parts."""
    return frozenset(stem(p) for w in en_groups.WORD.findall(en.lower())
                     for p in (w.split("-") if "-" in w else [w])
                     if p and p not in en_groups.STOPWORDS)


@lru_cache(maxsize=1 << 16)
def _numbers(text: str, lang: str) -> tuple:
    return tuple(numbers(text, lang))


def confirmation(zh: str, en: str) -> float:
    """0 (no word of either side glossed by the other) … 1 (every word on both sides)."""
    zh_words = units(zh)
    en_words = _content_stems(en)
    if not zh_words or not en_words:
        return 0.0
    zh_numbers, en_numbers = _numbers(zh, "zh"), _numbers(en, "en")
    zh_all = {v for n in zh_numbers for v in n.values}
    en_all = {v for n in en_numbers for v in n.values}
    if any(n.strong and not set(n.values) & en_all for n in zh_numbers) or any(
            n.strong and not set(n.values) & zh_all for n in en_numbers):
        return 0.0  # 第十五届 is never "16th": a strong number must be on both sides
    glosses = [glossed(w) for w in zh_words]
    whole = glossed(zh) & en_words
    # a headword's parts gloss it too: 个人防护装备 is glossed "individual protective
    # equipment", and its 个人 gives the "personal" of "personal protective equipment"
    parts = [glossed(w) for w in units(zh, len(zh) - 1)] if len(zh_words) == 1 and \
        len(zh) > 2 else []
    every = frozenset().union(whole, *glosses, *parts)
    # English words a gloss gives, or numbers the Chinese has
    covered_en = len(en_words & every) + sum(
        1 for n in en_numbers if set(n.values) & zh_all and stem(n.text.lower()) in en_words
        and stem(n.text.lower()) not in every)
    if whole:
        return (min(covered_en / len(en_words), 1.0) + 1.0) / 2
    # Chinese characters (by characters: 的 weighs less than 中东呼吸综合征) whose word a gloss
    # of the English gives, or in a number the English has
    covered = [False] * len(zh)
    at = 0
    for word, gloss in zip(zh_words, glosses, strict=True):
        at = zh.find(word, at)
        if gloss & en_words:
            covered[at:at + len(word)] = [True] * len(word)
        at += len(word)
    for n in zh_numbers:
        if set(n.values) & en_all:
            covered[n.start:n.end] = [True] * (n.end - n.start)
    counted = sum(1 for ch in zh if not ch.isspace())
    covered_zh = sum(1 for ch, c in zip(zh, covered, strict=True) if c and not ch.isspace())
    return (min(covered_en / len(en_words), 1.0) + covered_zh / max(counted, 1)) / 2

"""What the scorer knows of each sentence: its length and its lexical items.

Both sides are reduced to items of one shared vocabulary, so that "these two sentences share
evidence" is a count of common items:

* an English sentence gives its content words (lower case, crudely stemmed), its numbers
  (``#15``), the glossary concepts whose accepted renderings it contains (``@key``) and the
  TM segments whose target it is (``!id``) — with a weight each;
* a Chinese sentence gives, for each word found by forward maximum matching on CC-CEDICT, the
  stemmed content words of all its senses; its numbers read by the number check's parser
  (第十五届 → ``#15``, 1.5亿 → ``#150000000``); its glossary concepts and TM segments.

The overlap is counted on the English side (how many of its items the Chinese side could
explain), which is additive over English sentences: the cost of a 1-2 bead is the sum of two
gathers, not a new set intersection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .. import cedict
from ..cedict import STOPWORDS
from ..checks.numerals import numbers
from ..text import HAN_CLASS

_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
_HAN_RUN = re.compile(rf"[{HAN_CLASS}]+")
_SPACE = re.compile(r"\s+")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")

# Weights of items in the overlap: a shared number or glossary term says more than a word.
WORD_WEIGHT = 1.0
NUMBER_WEIGHT = 2.0
TERM_WEIGHT = 3.0
ANCHOR_WEIGHT = 8.0

_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ness", "ment", "ments", "edly",
             "ed", "ly", "es", "s", "er", "ers", "est")


_CACHE = 1 << 16  # sentences whose analysis is kept (both passes read each one thrice)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude suffix stripper: enough for "implemented" to meet the gloss "implement"."""
    word = word.lower().replace("'s", "").strip("'-")
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                word += "y"
            break
    return word


@lru_cache(maxsize=_CACHE)
def english_words(text: str) -> tuple[str, ...]:
    """The stemmed content words of an English text, with repeats."""
    return tuple(stem(w) for w in _EN_WORD.findall(text) if w.lower() not in STOPWORDS)


@lru_cache(maxsize=_CACHE)
def number_items(text: str, lang: str) -> tuple[str, ...]:
    """``#value`` for each strong number (both sides agree on what a number is: the check's
    parser reads 第十五届 as 15 and "15th" as 15)."""
    try:
        found = numbers(text, lang)
    except (ValueError, ArithmeticError):  # a malformed numeral is no evidence, not a failure
        return ()
    return tuple(f"#{n.value}" for n in found if n.strong)


def zh_length(text: str) -> float:
    """Characters of a Chinese sentence, spaces excluded (a Latin letter or digit counts a
    third: "COVID-19" is as long in both texts)."""
    compact = _SPACE.sub("", text)
    latin = len(_LATIN_OR_DIGIT.findall(compact))
    return len(compact) - latin + latin / 3.0


def en_length(text: str) -> float:
    return float(len(_SPACE.sub("", text)))


class Vocabulary:
    """Item strings ↔ small integers, shared by the two sides of one alignment."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def id(self, item: str) -> int:
        found = self.ids.get(item)
        if found is None:
            found = self.ids[item] = len(self.ids)
        return found

    def get(self, item: str) -> int | None:
        return self.ids.get(item)


@lru_cache(maxsize=1 << 17)
def _gloss_words(headword: str) -> tuple[str, ...]:
    words = cedict.load().english_words(headword)
    return tuple(sorted({stem(w) for w in words if w not in STOPWORDS and len(w) > 1}))


@lru_cache(maxsize=1)
def _headwords() -> frozenset[str]:
    return frozenset(cedict.load().headwords())


@lru_cache(maxsize=_CACHE)
def zh_words(text: str) -> tuple[str, ...]:
    """Forward maximum matching on CC-CEDICT within each run of Han characters (a character
    the dictionary lacks is a word of its own)."""
    dictionary = _headwords()
    longest = 8  # (CC-CEDICT's longest headwords are idioms and names of a dozen or more)
    words = []
    for run in _HAN_RUN.findall(text):
        at = 0
        while at < len(run):
            for size in range(min(longest, len(run) - at), 0, -1):
                piece = run[at:at + size]
                if size == 1 or piece in dictionary:
                    words.append(piece)
                    at += size
                    break
    return tuple(words)


@dataclass
class Side:
    """One side of a document: per sentence, its length and its items.

    English: ``items[j]`` the item ids of sentence j with repeats, ``weights[j]`` theirs.
    Chinese: ``items[i]`` the distinct ids it can explain, with the weight of each.
    ``mass[k]`` is the sentence's evidence mass (the Dice denominator's share)."""

    texts: list[str]
    lengths: np.ndarray
    items: list[np.ndarray]
    weights: list[np.ndarray]
    mass: np.ndarray
    words: list[tuple[str, ...]] = field(default_factory=list)  # zh: its dictionary words


@dataclass
class Extras:
    """Evidence beyond the dictionary: glossary concepts and TM exact pairs, as items."""

    zh_terms: list[list[str]] = field(default_factory=list)  # per zh sentence: '@key'
    en_terms: list[list[str]] = field(default_factory=list)
    zh_anchors: list[list[str]] = field(default_factory=list)  # per zh sentence: '!id'
    en_anchors: list[list[str]] = field(default_factory=list)
    # English word → its weight in this document (a word in every sentence tells little)
    word_weight: dict[str, float] = field(default_factory=dict)


def word_weights(texts: Sequence[str], *, floor: float = 0.2, rare: float = 20.0
                 ) -> dict[str, float]:
    """Inverse document frequency over the English sentences, scaled so that a word in one
    sentence of ``rare`` or fewer weighs 1 and one in every sentence ``floor``."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in set(english_words(text)):
            counts[word] = counts.get(word, 0) + 1
    n = max(len(texts), 1)
    scale = float(np.log(rare))
    return {word: min(1.0, max(floor, float(np.log(n / df)) / scale))
            for word, df in counts.items() if df * rare > n}


def _per(lists: list[list[str]], k: int) -> list[str]:
    return lists[k] if k < len(lists) else []


def english_side(texts: Sequence[str], vocab: Vocabulary, extras: Extras) -> Side:
    items, weights, mass = [], [], []
    for j, text in enumerate(texts):
        found = [(w, extras.word_weight.get(w, WORD_WEIGHT)) for w in english_words(text)]
        found += [(n, NUMBER_WEIGHT) for n in number_items(text, "en")]
        found += [(t, TERM_WEIGHT) for t in _per(extras.en_terms, j)]
        found += [(a, ANCHOR_WEIGHT) for a in _per(extras.en_anchors, j)]
        items.append(np.array([vocab.id(i) for i, _ in found], dtype=np.int64))
        weights.append(np.array([w for _, w in found], dtype=np.float64))
        mass.append(sum(w for _, w in found))
    return Side(list(texts), np.array([en_length(t) for t in texts]), items, weights,
                np.array(mass, dtype=np.float64))


@lru_cache(maxsize=_CACHE)
def _zh_analysis(text: str) -> tuple[tuple[str, ...], int, frozenset[str]]:
    """A Chinese sentence's words, how many of them the dictionary glosses, and the English
    words of all their glosses (independent of the document: cached across passes)."""
    words = zh_words(text)
    glossed = [_gloss_words(word) for word in words]
    latin = english_words(text)  # names, acronyms, codes written as in the English: C.B.E.
    return (words, sum(1 for g in glossed if g) + len(latin),
            frozenset(w for g in glossed for w in g) | frozenset(latin))


def chinese_side(texts: Sequence[str], vocab: Vocabulary, extras: Extras,
                 learned: dict[str, Iterable[str]] | None = None) -> Side:
    """``learned``: more English items per Chinese word (the second pass's dictionary)."""
    items, weights, mass, all_words = [], [], [], []
    ids = vocab.ids
    for i, text in enumerate(texts):
        words, content, glosses = _zh_analysis(text)
        all_words.append(words)
        explained = {ids[g]: WORD_WEIGHT for g in glosses if g in ids}
        if learned:
            for word in words:
                extra = [ids[g] for g in learned.get(word, ()) if g in ids]
                if extra and not _gloss_words(word):
                    content += 1
                explained.update(dict.fromkeys(extra, WORD_WEIGHT))
        total = float(content)
        for item, weight in ([(n, NUMBER_WEIGHT) for n in number_items(text, "zh")]
                             + [(t, TERM_WEIGHT) for t in _per(extras.zh_terms, i)]
                             + [(a, ANCHOR_WEIGHT) for a in _per(extras.zh_anchors, i)]):
            total += weight
            if (found := ids.get(item)) is not None:
                explained[found] = max(explained.get(found, 0.0), weight)
        items.append(np.fromiter(explained, dtype=np.int64, count=len(explained)))
        weights.append(np.fromiter(explained.values(), dtype=np.float64, count=len(explained)))
        mass.append(total)
    return Side(list(texts), np.array([zh_length(t) for t in texts]), items, weights,
                np.array(mass, dtype=np.float64), all_words)

"""How far CC-CEDICT confirms that a Chinese span and an English group translate each other:
the share of the group's content words that a gloss of the span's words gives, and the share
of the span's words whose glosses the group holds, averaged. Numbers count as words: 15 and
第十五届 confirm each other, 15 and 16 do not."""

from __future__ import annotations

from functools import cache

from .. import cedict
from ..checks.numerals import numbers
from . import en_groups, zh_spans


def _stem(word: str) -> str:
    """A crude stem, enough to meet a gloss ("protective" ~ "protect", "cases" ~ "case")."""
    return word[:5]


@cache
def _glossed(word: str) -> frozenset[str]:
    if word.isascii():
        return frozenset({_stem(word.lower())})
    return frozenset(_stem(w) for w in cedict.load().english_words(word))


def _values(text: str, lang: str) -> frozenset:
    return frozenset(n.value for n in numbers(text, lang) if n.strong)


def confirmation(zh: str, en: str) -> float:
    """0 (no word of either side glossed by the other) … 1 (every word on both sides)."""
    zh_words = [w for w, _, _ in zh_spans.words(zh) if w.strip()]
    en_words = {_stem(w.lower()) for w in en_groups.WORD.findall(en)
                if w.lower() not in en_groups.STOPWORDS}
    if not zh_words or not en_words:
        return 0.0
    glosses = [_glossed(w) for w in zh_words]
    every = frozenset().union(*glosses)
    covered_en = len(en_words & every) / len(en_words)
    covered_zh = sum(1 for g in glosses if g & en_words) / len(glosses)
    zh_values, en_values = _values(zh, "zh"), _values(en, "en")
    if zh_values or en_values:
        if zh_values != en_values:
            return 0.0  # 第十五届 is never "16th"
        covered_zh = max(covered_zh, 0.5)
    return (covered_en + covered_zh) / 2

"""How lookup cuts text into tokens: characters for Chinese, words for everything else.

One tokenizer serves the index and every query, so they agree: NFKC (full-width → half-width),
Traditional → Simplified, case-folded, quotes and punctuation dropped. "落实“1310”具体部署"
gives [落, 实, 1310, 具, 体, 部, 署]. Edit distance over these tokens is edit distance over
characters for Chinese and over words for English, as CAT tools measure it.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from ..text import is_han, to_simplified

_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007]|[^\W_]+", re.UNICODE)
SEP = "\x1f"  # joins the two tokens of a bigram gram


def normalize(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text)).casefold()


def tokens(text: str) -> list[str]:
    """Han characters one by one; runs of letters and digits as words."""
    found = _TOKEN.findall(normalize(text))
    # Words that are not Han but contain Han (rare extension-block characters) split per char.
    return [t for tok in found for t in ([tok] if not any(is_han(c) for c in tok[1:])
                                         else list(tok))]


def bigrams(toks: list[str]) -> list[str]:
    return [a + SEP + b for a, b in itertools.pairwise(toks)]


def grams(toks: list[str]) -> set[str]:
    """What the index keeps for a text: every token and every pair of adjacent tokens."""
    return set(toks) | set(bigrams(toks))

"""How lookup cuts text into tokens: characters for Chinese, words for everything else.

One tokenizer serves the index and every query, so they agree: NFKC (full-width → half-width),
Traditional → Simplified, case-folded, quotes and punctuation dropped. "落实“1310”具体部署"
gives [落, 实, 1310, 具, 体, 部, 署]. Edit distance over these tokens is edit distance over
characters for Chinese and over words for English, as CAT tools measure it.

The index keys tokens and pairs of adjacent tokens ("grams") as integers, computed for a whole
batch of texts at once with numpy (a million segments must index in seconds, not minutes):

* a Han character is its code point (< 2^18);
* a word (letters or digits) is 2^20 + a 40-bit hash of its code points;
* a pair of Han characters is 2^42 + (a << 18 | b), exact;
* any other pair is 2^43 + a 40-bit mix of its two tokens (collisions are possible, so hits
  that involve words are verified against the text).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

import numpy as np

from ..text import nfkc, to_simplified

_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
_TOKEN = re.compile(rf"[{_HAN_CLASS}]|[^\W_{_HAN_CLASS}]+", re.UNICODE)
_WORD = re.compile(rf"[^\W_{_HAN_CLASS}]+", re.UNICODE)

WORD_BASE = 1 << 20
HAN_PAIR_BASE = 1 << 42
MIXED_PAIR_BASE = 1 << 43
_MASK40 = (1 << 40) - 1


def normalize(text: str) -> str:
    return to_simplified(nfkc(text)).casefold()


def tokens(text: str) -> list[str]:
    """Han characters one by one; runs of letters and digits as words."""
    return _TOKEN.findall(normalize(text))


def tokens_of_all(texts: list[str]) -> list[list[str]]:
    """:func:`tokens` of every text (normalised in one go: a fuzzy rerank has ~1,000)."""
    return [_TOKEN.findall(t) for t in _normalize_all(texts)]


_SEPARATOR = "\ue000"  # a private-use character: no normalisation step touches it
_HASH_BASE = np.uint64(0x100000001B3)  # odd, so invertible modulo 2**64
_HASH_BASE_INVERSE = np.uint64(pow(0x100000001B3, -1, 1 << 64))


@lru_cache(maxsize=1)
def _word_char_table() -> np.ndarray:
    """For every BMP code point: is it part of a word (a letter or digit that is not Han)?"""
    table = np.fromiter((chr(c).isalnum() for c in range(0x10000)), dtype=bool, count=0x10000)
    return table & ~_is_han(np.arange(0x10000, dtype=np.int64))


def _is_word_char(cp: np.ndarray) -> np.ndarray:
    table = _word_char_table()
    result = table[np.minimum(cp, 0xFFFF)]
    astral = np.nonzero(cp > 0xFFFF)[0]
    if len(astral):  # rare: look them up one by one
        result[astral] = [chr(c).isalnum() and not is_han_code(c) for c in cp[astral].tolist()]
    return result


def is_han_code(code: int) -> bool:
    return bool(_is_han(np.array([code]))[0])


def _normalize_all(texts: list[str]) -> list[str]:
    """:func:`normalize` of every text: NFKC text by text (most texts need none, which
    is_normalized tells fast), then OpenCC and case folding in one call each on the joined
    batch (a batch's texts never contain the separator; when one does, text by text)."""
    joined = _SEPARATOR.join(nfkc(t) for t in texts)
    if joined.count(_SEPARATOR) == len(texts) - 1:
        parts = to_simplified(joined).casefold().split(_SEPARATOR)
        if len(parts) == len(texts):
            return parts
    return [normalize(t) for t in texts]


def _word_ids(cp: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Key of each word cp[start:end]: a polynomial hash of its code points modulo 2**64,
    computed for all words at once from prefix sums (h(s..e) = (P[e] - P[s]) / B**s)."""
    with np.errstate(over="ignore"):
        powers = np.empty(len(cp) + 1, dtype=np.uint64)
        powers[0] = 1
        powers[1:] = _HASH_BASE
        powers = np.cumprod(powers, dtype=np.uint64)
        prefix = np.zeros(len(cp) + 1, dtype=np.uint64)
        np.cumsum(cp.astype(np.uint64) * powers[:-1], out=prefix[1:])
        inverse = np.empty(len(cp) + 1, dtype=np.uint64)
        inverse[0] = 1
        inverse[1:] = _HASH_BASE_INVERSE
        inverse = np.cumprod(inverse, dtype=np.uint64)
        hashed = (prefix[ends] - prefix[starts]) * inverse[starts]
        # mix in the length, then keep 40 bits
        hashed = (hashed ^ (ends - starts).astype(np.uint64)) * np.uint64(0x9E3779B97F4A7C15)
    return WORD_BASE + (hashed >> np.uint64(24)).astype(np.int64)


def _is_han(cp: np.ndarray) -> np.ndarray:
    return (((cp >= 0x4E00) & (cp <= 0x9FFF)) | ((cp >= 0x3400) & (cp <= 0x4DBF))
            | ((cp >= 0xF900) & (cp <= 0xFAFF)) | (cp == 0x3007))


def batch_tokens(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(segment index, token id) of every token of ``texts``, in text order.

    Everything after normalisation is vectorised: each code point is classed as Han, word
    character or other, word runs are found from the class changes, and words are keyed by a
    rolling hash of their code points.
    """
    norm = _normalize_all(texts)
    joined = "\x00".join(norm)
    if not joined:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    lengths = np.fromiter((len(t) + 1 for t in norm), dtype=np.int64, count=len(norm))
    segment_of = np.repeat(np.arange(len(norm), dtype=np.int64), lengths)[: len(cp)]
    han = _is_han(cp)
    word = _is_word_char(cp)
    edges = np.diff(np.r_[False, word, False].astype(np.int8))
    starts = np.nonzero(edges == 1)[0]
    ends = np.nonzero(edges == -1)[0]
    han_pos = np.nonzero(han)[0]
    pos = np.concatenate([han_pos, starts])
    tok = np.concatenate([cp[han_pos], _word_ids(cp, starts, ends)])
    order = np.argsort(pos, kind="stable")
    return segment_of[pos[order]], tok[order]


def batch_grams(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct grams of each text: (segment index, gram key) pairs sorted by gram, and the
    token length of every text."""
    seg, tok = batch_tokens(texts)
    lengths = np.bincount(seg, minlength=len(texts))
    same = seg[1:] == seg[:-1]
    a, b = tok[:-1][same], tok[1:][same]
    han_pair = (a < (1 << 18)) & (b < (1 << 18))
    pair = np.where(han_pair, HAN_PAIR_BASE + ((a << 18) | b),
                    MIXED_PAIR_BASE + ((a * 1_000_003 + b) & _MASK40))
    grams = np.concatenate([tok, pair])
    segs = np.concatenate([seg, seg[1:][same]])
    key = np.sort((grams << 16) | segs)  # len(texts) < 65536 per batch
    if len(key):
        key = key[np.r_[True, key[1:] != key[:-1]]]  # distinct (sort-based: faster than unique)
    return key & 0xFFFF, key >> 16, lengths


def query_grams(text: str) -> tuple[list[int], list[int]]:
    """(token keys, pair keys) of one query, in order."""
    _, tok = batch_tokens([text])
    toks = tok.tolist()
    pairs = []
    for a, b in itertools.pairwise(toks):
        if a < (1 << 18) and b < (1 << 18):
            pairs.append(HAN_PAIR_BASE + ((a << 18) | b))
        else:
            pairs.append(MIXED_PAIR_BASE + ((a * 1_000_003 + b) & _MASK40))
    return toks, pairs

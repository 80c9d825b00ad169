"""How lookup cuts text into tokens: characters for Chinese, words for everything else.

One tokenizer serves the index and every query, so they agree: NFKC (full-width → half-width),
Traditional → Simplified, case-folded, quotes and punctuation dropped. "落实“1310”具体部署"
gives [落, 实, 1310, 具, 体, 部, 署]. Edit distance over these tokens is edit distance over
characters for Chinese and over words for English, as CAT tools measure it.

The index keys tokens and pairs of adjacent tokens ("grams") as integers, computed for a whole
batch of texts at once with numpy (a million segments must index in seconds, not minutes):

* a Han character is its code point (< 2^18);
* a word (letters or digits) is 2^20 + a 40-bit checksum of its UTF-8 bytes;
* a pair of Han characters is 2^42 + (a << 18 | b), exact;
* any other pair is 2^43 + a 40-bit mix of its two tokens (collisions are possible, so hits
  that involve words are verified against the text).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import zlib
from functools import lru_cache

import numpy as np

from ..text import to_simplified

_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
_TOKEN = re.compile(rf"[{_HAN_CLASS}]|[^\W_{_HAN_CLASS}]+", re.UNICODE)
_WORD = re.compile(rf"[^\W_{_HAN_CLASS}]+", re.UNICODE)

WORD_BASE = 1 << 20
HAN_PAIR_BASE = 1 << 42
MIXED_PAIR_BASE = 1 << 43
_MASK40 = (1 << 40) - 1


def normalize(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text)).casefold()


def tokens(text: str) -> list[str]:
    """Han characters one by one; runs of letters and digits as words."""
    return _TOKEN.findall(normalize(text))


@lru_cache(maxsize=1 << 20)  # words follow Zipf's law: most ids come from the cache
def word_id(word: str) -> int:
    data = word.encode("utf-8")
    return WORD_BASE + (((zlib.crc32(data) << 8) ^ zlib.adler32(data)) & _MASK40)


def _is_han(cp: np.ndarray) -> np.ndarray:
    return (((cp >= 0x4E00) & (cp <= 0x9FFF)) | ((cp >= 0x3400) & (cp <= 0x4DBF))
            | ((cp >= 0xF900) & (cp <= 0xFAFF)) | (cp == 0x3007))


def batch_tokens(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(segment index, token id) of every token of ``texts``, in text order."""
    norm = [normalize(t) for t in texts]
    joined = "\x00".join(norm)
    if not joined:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    lengths = np.fromiter((len(t) + 1 for t in norm), dtype=np.int64, count=len(norm))
    segment_of = np.repeat(np.arange(len(norm), dtype=np.int64), lengths)[: len(cp)]
    han_pos = np.nonzero(_is_han(cp))[0]
    positions = [han_pos]
    ids = [cp[han_pos]]
    found = [(m.start(), m.group()) for m in _WORD.finditer(joined)]
    if found:
        positions.append(np.fromiter((p for p, _ in found), dtype=np.int64, count=len(found)))
        ids.append(np.fromiter((word_id(w) for _, w in found), dtype=np.int64,
                               count=len(found)))
    pos = np.concatenate(positions)
    tok = np.concatenate(ids)
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

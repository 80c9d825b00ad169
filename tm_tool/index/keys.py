"""The search index's keys: how text becomes tokens and integer gram keys, and where a gram's
postings are stored. The one owner of the key format (the writer, the reader, lookup and the
tests use the names here, never the bits).

Tokens: one tokenizer serves the index and every query, so they agree: NFKC (full-width →
half-width), Traditional → Simplified, case-folded, quotes and punctuation dropped.
"落实“1310”具体部署" gives [落, 实, 1310, 具, 体, 部, 署]. Edit distance over these tokens is edit
distance over characters for Chinese and over words for English, as CAT tools measure it.

Gram keys: the index keys tokens and pairs of adjacent tokens ("grams") as integers, computed
for a whole batch of texts at once with NumPy (a million segments must index in seconds):

* a Han character (text.HAN_RANGES) is its code point (< 2^18, :func:`is_han_key`);
* a word (letters or digits) is 2^20 + a 40-bit hash of its code points;
* a pair of Han characters is 2^42 + (a << 18 | b), exact;
* any other pair is 2^43 + a 40-bit mix of its two tokens (collisions are possible, so hits
  that involve words are verified against the text: :func:`is_exact`).

Rows (where postings live): per chunk (one flush of an import), a gram's segment ids are either
in a row of their own in ``search_grams`` — when the chunk has at least ``OWN_ROW_AT`` of them:
frequent grams, read exactly — or, for the many rare grams, in their bucket's row of
``search_buckets`` together with the other rare grams of the bucket. Buckets are keyed
chunk-major, so that every flush appends at the end of the b-tree; keyed the other way round,
each flush inserted into the middle of every run, and a million-segment import spent most of
its time moving SQLite pages. Frequent grams are few (a few percent of the rows), so their
table is keyed gram-major: one range read per gram.
"""

from __future__ import annotations

import re
from enum import IntEnum
from functools import lru_cache
from itertools import pairwise

from ..lazy import numpy as np  # (imported when first used: tm term starts without it)
from ..text import HAN_CLASS, HAN_RANGES, is_han, nfkc, to_simplified, to_simplified_all


class Side(IntEnum):
    """A side of a segment, as the index numbers it (and the store names its columns)."""

    SOURCE = 0
    TARGET = 1

    @property
    def column(self) -> str:
        """The segments column of the text: ``source`` or ``target``."""
        return self.name.lower()

    @property
    def lang_column(self) -> str:
        """The segments column of the language tag: ``source_lang`` or ``target_lang``."""
        return f"{self.column}_lang"

    @classmethod
    def named(cls, column: str) -> Side:
        """The side whose column is ``column`` (``source`` or ``target``)."""
        return cls[column.upper()]


# --- tokens ----------------------------------------------------------------------------------

_TOKEN = re.compile(rf"[{HAN_CLASS}]|[^\W_{HAN_CLASS}]+", re.UNICODE)


def normalize(text: str) -> str:
    return to_simplified(nfkc(text)).casefold()


def tokens(text: str) -> list[str]:
    """Han characters one by one; runs of letters and digits as words."""
    return _TOKEN.findall(normalize(text))


def tokens_of_all(texts: list[str]) -> list[list[str]]:
    """:func:`tokens` of every text (normalised in one go: a fuzzy rerank has ~1,000)."""
    return [_TOKEN.findall(t) for t in _normalize_all(texts)]


_WORD_CHAR = re.compile(rf"[^\W_{HAN_CLASS}]")  # a character of a word token (see _TOKEN)


def holding_run(texts: list[str], toks: list[str]) -> list[bool]:
    """Whether each text's :func:`tokens` hold ``toks`` one after another, the way a phrase's
    hits must, without tokenising the whole text (that took 0.8 s for the 30,000 candidates
    of a frequent three-word phrase at 1M): a regex of the tokens with anything no token
    holds between them finds each place that may hold the run, in C; a place is the run
    when its own tokens are ``toks`` and no word runs on across its ends."""
    find = _run_pattern(tuple(toks)).search
    return [_holds_run(text, find, toks) for text in _normalize_all(texts)]


def _holds_run(text: str, find, toks: list[str]) -> bool:
    found = find(text)
    while found is not None:
        start, end = found.span()
        if (_TOKEN.findall(text, start, end) == toks and not _word_across(text, start)
                and not _word_across(text, end)):
            return True
        found = find(text, start + 1)  # (a later place may still hold it: "xa a a" ∋ a a)
    return False


def _word_across(text: str, i: int) -> bool:
    """Whether one word token runs across position ``i`` (word characters on both sides)."""
    return 0 < i < len(text) and _WORD_CHAR.match(text, i - 1) is not None \
        and _WORD_CHAR.match(text, i) is not None


@lru_cache(maxsize=256)
def _run_pattern(toks: tuple[str, ...]) -> re.Pattern[str]:
    # (a superset of the places: [\W_] also matches the few unassigned code points of the Han
    # blocks, tokens of their own, which _holds_run's token test settles; the gaps are lazy
    # so that such a code point is not swallowed by the gap before it: 中\ufa6e\ufa6e)
    return re.compile(r"[\W_]*?".join(map(re.escape, toks)))


class TokenStrings:
    """Texts as token strings, one character per :func:`tokens` token, so that a fuzzy
    verification compares strings (rapidfuzz's fastest path: comparing lists of tokens hashed
    each one, and cutting them out of the text cost more than the rest of a verification).
    A Han character stands for itself; every other token (a word) gets a private-use
    character of its own, the same for the same word for as long as this object lives (a
    query and its candidates), so the edit distance is the one between the token lists."""

    # Supplementary Private Use Areas A and B: never a token themselves (not letters), and
    # 131,068 words before :meth:`of_all` gives up with OverflowError.
    _FIRST, _LAST = 0xF0000, 0x10FFFD

    def __init__(self) -> None:
        self._codes: dict[str, str] = {}

    def of_all(self, texts: list[str]) -> list[str]:
        return [_WORD_OR_GAP.sub(self._code, t) for t in _normalize_all(texts)]

    def _code(self, found: re.Match[str]) -> str:
        word = found.group(1)
        if word is None:  # (what no token holds: spaces, punctuation, underscores)
            return ""
        code = self._codes.get(word)
        if code is None:
            if self._FIRST + len(self._codes) > self._LAST:
                raise OverflowError("more words than private-use characters")
            code = self._codes[word] = chr(self._FIRST + len(self._codes))
        return code


# A word (as in _TOKEN), or a run of what is neither a word nor a Han character.
_WORD_OR_GAP = re.compile(rf"([^\W_{HAN_CLASS}]+)|(?:(?![{HAN_CLASS}])[\W_])+")


def _normalize_all(texts: list[str]) -> list[str]:
    """:func:`normalize` of every text: NFKC text by text (most texts need none, which
    is_normalized tells fast), then OpenCC in one call for the texts that are not ASCII
    (OpenCC changes only Han characters: an English side needs no call at all)."""
    folded = [nfkc(t) for t in texts]
    wide = [i for i, t in enumerate(folded) if not t.isascii()]
    for i, simplified in zip(wide, to_simplified_all([folded[i] for i in wide]), strict=True):
        folded[i] = simplified
    return [t.casefold() for t in folded]


# --- gram keys -------------------------------------------------------------------------------

HAN_KEY_LIMIT = 1 << 18  # a token key below this is a Han character's code point
WORD_BASE = 1 << 20
HAN_PAIR_BASE = 1 << 42
MIXED_PAIR_BASE = 1 << 43
_MASK40 = (1 << 40) - 1
# (Python ints, made uint64 where they are used: numpy is not imported at start-up)
_HASH_BASE = 0x100000001B3  # odd, so invertible modulo 2**64
_HASH_BASE_INVERSE = pow(0x100000001B3, -1, 1 << 64)
assert HAN_RANGES[-1][1] < HAN_KEY_LIMIT  # every Han code point is a key of its own


def is_han_key(key: int | np.ndarray) -> bool | np.ndarray:
    """Whether a token key is a Han character (element-wise for an array)."""
    return key < HAN_KEY_LIMIT


def pair_keys(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The gram key of each pair of adjacent tokens (a[i], b[i]) (int64 token keys)."""
    return np.where(is_han_key(a) & is_han_key(b), HAN_PAIR_BASE + ((a << 18) | b),
                    MIXED_PAIR_BASE + ((a * 1_000_003 + b) & _MASK40))


def pair_key(a: int, b: int) -> int:
    """The gram key of the token pair (a, b): :func:`pair_keys` of one pair, in plain Python
    (no int64 overflow there: a token key is below 2^41, so a × 1,000,003 + b < 2^61)."""
    if a < HAN_KEY_LIMIT and b < HAN_KEY_LIMIT:
        return HAN_PAIR_BASE + ((a << 18) | b)
    return MIXED_PAIR_BASE + ((a * 1_000_003 + b) & _MASK40)


def is_exact(key: int) -> bool:
    """Whether a gram key stands for one gram only (a Han character or a pair of them); the
    postings of any other key (hashed words and pairs with a word) may hold a collision."""
    return key < HAN_KEY_LIMIT or HAN_PAIR_BASE <= key < MIXED_PAIR_BASE


@lru_cache(maxsize=1)
def _han_table() -> np.ndarray:
    """For every code point up to the last Han range: is it Han?"""
    table = np.zeros(HAN_RANGES[-1][1] + 2, dtype=bool)  # the last entry: beyond the table
    for low, high in HAN_RANGES:
        table[low:high + 1] = True
    return table


def han_mask(cp: np.ndarray) -> np.ndarray:
    """Which code points are Han (text.HAN_RANGES), element-wise."""
    table = _han_table()
    return table[np.minimum(cp, len(table) - 1)]


@lru_cache(maxsize=1)
def _word_char_table() -> np.ndarray:
    """For every BMP code point: is it part of a word (a letter or digit that is not Han)?"""
    table = np.fromiter((chr(c).isalnum() for c in range(0x10000)), dtype=bool, count=0x10000)
    return table & ~han_mask(np.arange(0x10000, dtype=np.int64))


def _is_word_char(cp: np.ndarray) -> np.ndarray:
    table = _word_char_table()
    result = table[np.minimum(cp, 0xFFFF)]
    astral = np.nonzero(cp > 0xFFFF)[0]
    if len(astral):  # rare: look them up one by one
        result[astral] = [chr(c).isalnum() and not is_han(chr(c)) for c in cp[astral].tolist()]
    return result


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
        hashed = (hashed ^ (ends - starts).astype(np.uint64)) * np.uint64(_GOLDEN)
    return WORD_BASE + (hashed >> np.uint64(24)).astype(np.int64)


def batch_tokens(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(segment index, token key) of every token of ``texts``, in text order.

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
    edges = np.diff(np.r_[False, _is_word_char(cp), False].astype(np.int8))
    starts = np.nonzero(edges == 1)[0]
    ends = np.nonzero(edges == -1)[0]
    han_pos = np.nonzero(han_mask(cp))[0]
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
    grams = np.concatenate([tok, pair_keys(tok[:-1][same], tok[1:][same])])
    segs = np.concatenate([seg, seg[1:][same]])
    key = np.sort((grams << 16) | segs)  # len(texts) < 65536 per batch
    if len(key):
        key = key[np.r_[True, key[1:] != key[:-1]]]  # distinct (sort-based: faster than unique)
    return key & 0xFFFF, key >> 16, lengths


def query_grams(text: str) -> tuple[list[int], list[int]]:
    """(token keys, pair keys) of one query, in order: the keys :func:`batch_tokens` gives,
    computed in plain Python — for one short text, NumPy's import and the word-character
    table would cost a command more than the text does (tests/test_index.py compares them)."""
    keys = [ord(tok) if len(tok) == 1 and is_han(tok) else word_key(tok)
            for tok in tokens(text)]
    return keys, [pair_key(a, b) for a, b in pairwise(keys)]


_MASK64 = (1 << 64) - 1


def word_key(word: str) -> int:
    """The key of one word (a token that is not a Han character): :func:`_word_ids`'s hash,
    one code point at a time."""
    hashed, power = 0, 1
    for char in word:
        hashed = (hashed + ord(char) * power) & _MASK64
        power = (power * _HASH_BASE) & _MASK64
    hashed = ((hashed ^ len(word)) * _GOLDEN) & _MASK64
    return WORD_BASE + (hashed >> 24)


# --- where postings are stored ---------------------------------------------------------------

BUCKET_BITS = 15
GRAM_BITS = 44  # gram keys are below 2^44 (MIXED_PAIR_BASE + 40 bits)
CHUNK_BITS = 18
OWN_ROW_AT = 32  # ids of one gram in one chunk from which the gram gets a row of its own
# A flush sorts its postings 1/2^PARTITION_BITS of the buckets at a time (bounded memory).
PARTITION_BITS = 3
_GOLDEN = 0x9E3779B97F4A7C15  # (a Python int: uint64 where used; numpy not imported yet)


def bucket_of(grams: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Bucket of each gram (Fibonacci hashing: the top bits of gram × 2^64/φ), computed in
    ``out`` if given (an int64 array like ``grams``: no temporary arrays)."""
    result = np.empty(len(grams), dtype=np.int64) if out is None else out
    work = result.view(np.uint64)
    with np.errstate(over="ignore"):
        np.multiply(grams.view(np.uint64), _GOLDEN, out=work)
    np.right_shift(work, np.uint64(64 - BUCKET_BITS), out=work)
    return result


def bucket_of_gram(gram: int) -> int:
    """:func:`bucket_of` one gram (a gram key is below 2^44: no sign to mind)."""
    return ((gram * _GOLDEN) & _MASK64) >> (64 - BUCKET_BITS)


def row_key(chunk: int, side: int, bucket: int) -> int:
    """Rowid in ``search_buckets`` of one bucket's rare grams from one chunk."""
    return (chunk << (BUCKET_BITS + 1)) | (side << BUCKET_BITS) | bucket


def row_key_sql(chunk: str, base: str) -> str:
    """:func:`row_key` as an SQL expression of a ``chunk`` column and a ``base`` column or
    parameter holding ``row_key(0, side, bucket)``: a reader joins a bucket's rows of every
    chunk in one statement."""
    return f"(({chunk}) << {BUCKET_BITS + 1}) | ({base})"


def bucket_rows(chunk: int) -> tuple[int, int]:
    """The first and last rowid in ``search_buckets`` of one chunk (both sides)."""
    return row_key(chunk, 0, 0), row_key(chunk, 1, (1 << BUCKET_BITS) - 1)


def chunk_of_row(key: int) -> int:
    """The chunk of a ``search_buckets`` rowid."""
    return key >> (BUCKET_BITS + 1)


def gram_key(chunk: int, side: int, gram: int) -> int:
    """Rowid in ``search_grams`` of one frequent gram's ids from one chunk. Gram-major, unlike
    the buckets: a lookup reads a frequent gram's chunks in one range, and the few frequent
    grams of a flush are cheap to insert wherever they fall."""
    return (side << (GRAM_BITS + CHUNK_BITS)) | (gram << CHUNK_BITS) | chunk


def gram_range(side: int, gram: int) -> tuple[int, int]:
    """The rowids of every chunk of one frequent gram."""
    low = gram_key(0, side, gram)
    return low, low | ((1 << CHUNK_BITS) - 1)


def chunk_of_gram_row(key: int) -> int:
    """The chunk of a ``search_grams`` rowid."""
    return key & ((1 << CHUNK_BITS) - 1)


def side_gram(side: int | np.ndarray, gram: int | np.ndarray) -> int | np.ndarray:
    """A gram with its side, as a chunk lists its own-row grams (``search_chunks.own_grams``)."""
    return (side << GRAM_BITS) | gram


def split_side_gram(key: int) -> tuple[int, int]:
    """(side, gram) of a :func:`side_gram`."""
    return key >> GRAM_BITS, key & ((1 << GRAM_BITS) - 1)

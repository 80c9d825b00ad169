"""Association of Chinese spans with English word groups, counted per segment (a span and a
group co-occur when one segment holds both), scored by log-likelihood (Dunning's G²).

Counting keeps no strings: every span and group is its :func:`key` (a 64-bit hash), so
memory grows with the number of distinct frequent items, not with every n-gram ever seen.
The strings of the few hashes that end up as candidates are found again afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from hashlib import blake2b

import numpy as np


def key(text: str) -> int:
    """A span's or group's 64-bit key. Not the built-in ``hash()``: that one is salted per
    process, and ties between equal scores (ordered by key) made two runs on the same memory
    propose different candidates."""
    return int.from_bytes(blake2b(text.encode("utf-8"), digest_size=8).digest(), "little",
                          signed=True)


def keys(hashes: set[int] | np.ndarray) -> np.ndarray:
    """Distinct keys as an int64 array."""
    if isinstance(hashes, np.ndarray):
        return hashes
    return np.fromiter(hashes, dtype=np.int64, count=len(hashes))


# Segments whose pairs are counted together before they are merged into the totals.
_CHUNK_PAIRS = 1_000_000


@dataclass
class Pairs:
    """Co-occurring (span, group) pairs seen at least ``min_freq`` times, as parallel arrays
    (dense ids into ``zh_hash``/``en_hash``), with their counts and the marginal counts."""

    segments: int
    zh_hash: np.ndarray  # dense zh id → hash
    en_hash: np.ndarray
    zh_freq: np.ndarray  # dense id → segments holding it
    en_freq: np.ndarray
    zh: np.ndarray  # pair → zh dense id
    en: np.ndarray
    joint: np.ndarray  # pair → segments holding both
    score: np.ndarray = field(default_factory=lambda: np.zeros(0))


class Counter:
    """Collects each segment's set of span hashes and group hashes; :meth:`pairs` counts."""

    def __init__(self) -> None:
        self._zh: list[np.ndarray] = []
        self._en: list[np.ndarray] = []

    def add(self, zh_hashes: set[int] | np.ndarray, en_hashes: set[int] | np.ndarray) -> None:
        """One segment's distinct span and group keys (sets, or arrays from :func:`keys`)."""
        self._zh.append(keys(zh_hashes))
        self._en.append(keys(en_hashes))

    @property
    def segments(self) -> int:
        return len(self._zh)

    def per_segment(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Each segment's span hashes and group hashes, in the order added."""
        return self._zh, self._en

    def pairs(self, min_freq: int) -> Pairs:
        zh_hash, zh_freq, zh_ids = _frequent(self._zh, min_freq)
        en_hash, en_freq, en_ids = _frequent(self._en, min_freq)
        width = np.int64(max(len(en_hash), 1))
        codes, counts = _count_pairs(zh_ids, en_ids, width, min_freq)
        return Pairs(segments=len(zh_ids), zh_hash=zh_hash, en_hash=en_hash, zh_freq=zh_freq,
                     en_freq=en_freq, zh=codes // width, en=codes % width, joint=counts)


def _frequent(per_segment: list[np.ndarray], min_freq: int
              ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """The hashes seen in ≥ ``min_freq`` segments (sorted), their counts, and each segment's
    dense ids of them."""
    flat = np.concatenate(per_segment) if per_segment else np.zeros(0, np.int64)
    hashes, counts = np.unique(flat, return_counts=True)
    keep = counts >= min_freq
    hashes, counts = hashes[keep], counts[keep]
    ids = []
    for arr in per_segment:
        pos = np.searchsorted(hashes, arr)
        pos[pos == len(hashes)] = 0
        ids.append(pos[hashes[pos] == arr] if len(hashes) else pos[:0])
    return hashes, counts, ids


_SKETCH_BITS = 26  # buckets of the first pass: 64M × 1 byte


def _chunks(zh_ids: list[np.ndarray], en_ids: list[np.ndarray], width: np.int64
            ) -> Iterator[np.ndarray]:
    """Pair codes (zh id × width + en id) of the segments, about _CHUNK_PAIRS at a time."""
    pending: list[np.ndarray] = []
    size = 0
    for z, e in zip(zh_ids, en_ids, strict=True):
        if len(z) and len(e):
            pending.append(np.add.outer(z * width, e).ravel())
            size += len(z) * len(e)
        if size >= _CHUNK_PAIRS:
            yield np.concatenate(pending)
            pending, size = [], 0
    if pending:
        yield np.concatenate(pending)


def _bucket(codes: np.ndarray) -> np.ndarray:
    mixed = (codes.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(
        64 - _SKETCH_BITS)
    return mixed.astype(np.int64)


def _count_pairs(zh_ids: list[np.ndarray], en_ids: list[np.ndarray], width: np.int64,
                 min_freq: int) -> tuple[np.ndarray, np.ndarray]:
    """Pair code → segments holding both, for counts ≥ min_freq. Most pairs occur once; a
    first pass counts hashed buckets (a pair's count is at most its bucket's), so that the
    exact count keeps only the pairs whose bucket reached ``min_freq``: memory stays bounded."""
    sketch = np.zeros(1 << _SKETCH_BITS, dtype=np.uint8)
    for codes in _chunks(zh_ids, en_ids, width):
        buckets, counts = np.unique(_bucket(codes), return_counts=True)
        sketch[buckets] = np.minimum(sketch[buckets].astype(np.int64) + counts, 255)
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    for codes in _chunks(zh_ids, en_ids, width):
        codes = codes[sketch[_bucket(codes)] >= min_freq]
        parts.append(np.unique(codes, return_counts=True))
        if len(parts) >= 8:
            parts = [_merge(parts)]
    codes, counts = _merge(parts) if parts else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    keep = counts >= min_freq
    return codes[keep], counts[keep]


def _merge(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    codes = np.concatenate([c for c, _ in parts])
    counts = np.concatenate([n for _, n in parts])
    order = np.argsort(codes, kind="stable")
    codes, counts = codes[order], counts[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    return codes[starts], np.add.reduceat(counts, starts)


def _xlogx(x: np.ndarray) -> np.ndarray:
    x = x.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, x * np.log(np.where(x > 0, x, 1)), 0.0)


def log_likelihood(joint: np.ndarray, zh_freq: np.ndarray, en_freq: np.ndarray,
                   total: int) -> np.ndarray:
    """Dunning's G² of each 2×2 table (both, only zh, only en, neither); negative when the
    two occur together less often than chance would have them."""
    k11 = joint.astype(np.float64)
    k12 = zh_freq - k11
    k21 = en_freq - k11
    k22 = total - zh_freq - en_freq + k11
    n = float(total)
    g2 = 2 * (_xlogx(k11) + _xlogx(k12) + _xlogx(k21) + _xlogx(k22)
              - _xlogx(k11 + k12) - _xlogx(k21 + k22) - _xlogx(k11 + k21) - _xlogx(k12 + k22)
              + _xlogx(np.array(n)))
    return np.where(k11 * n >= zh_freq * en_freq, g2, -g2)


def score(pairs: Pairs) -> np.ndarray:
    """Each pair's G²."""
    return log_likelihood(pairs.joint, pairs.zh_freq[pairs.zh], pairs.en_freq[pairs.en],
                          pairs.segments)

"""The banded overlap matrix: for Chinese sentence i and each English sentence j near it, the
weight of j's items that i can explain. Computed as a join of i's items against postings of
the English items, in chunks of Chinese sentences, so memory stays flat in document size."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import Side

_CHUNK = 256  # Chinese sentences per join (bounds the join's temporary arrays)


@dataclass
class Band:
    """Row i covers columns lo[i] .. lo[i] + width - 1 (values outside the document are 0)."""

    lo: np.ndarray
    hi: np.ndarray  # inclusive; the real extent of each row
    values: np.ndarray  # (rows, width)

    def gather(self, rows: np.ndarray | int, cols: np.ndarray) -> np.ndarray:
        """values[row, col] for rows and columns that broadcast together (0 outside)."""
        rows = np.broadcast_to(np.asarray(rows), cols.shape)
        safe = np.clip(rows, 0, max(len(self.lo) - 1, 0))
        k = cols - self.lo[safe] if len(self.lo) else cols
        ok = (k >= 0) & (k < self.values.shape[1]) & (rows >= 0) & (rows < len(self.lo))
        out = np.zeros(cols.shape)
        out[ok] = self.values[safe[ok], k[ok]]
        return out


def _postings(en: Side, n_cols: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted keys item * n_cols + sentence, and the summed weight of each key."""
    if not en.items:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    lengths = [len(a) for a in en.items]
    sentences = np.repeat(np.arange(len(en.items), dtype=np.int64), lengths)
    items = np.concatenate(en.items) if sum(lengths) else np.zeros(0, dtype=np.int64)
    weights = np.concatenate(en.weights) if sum(lengths) else np.zeros(0)
    keys = items * n_cols + sentences
    unique, inverse = np.unique(keys, return_inverse=True)
    return unique, np.bincount(inverse, weights=weights, minlength=len(unique))


def overlap_band(zh: Side, en: Side, lo: np.ndarray, hi: np.ndarray) -> Band:
    """The overlap of every zh sentence i with en sentences lo[i]..hi[i]."""
    rows, n_cols = len(zh.items), max(len(en.items), 1)
    width = int(max((hi - lo).max() + 1, 1)) if rows else 1
    values = np.zeros((rows, width))
    keys, weight = _postings(en, n_cols)
    for start in range(0, rows, _CHUNK):
        stop = min(rows, start + _CHUNK)
        _join_chunk(zh, start, stop, lo, hi, keys, weight, n_cols, values)
    return Band(lo, hi, values)


def _join_chunk(zh: Side, start: int, stop: int, lo: np.ndarray, hi: np.ndarray,
                keys: np.ndarray, weight: np.ndarray, n_cols: int, values: np.ndarray) -> None:
    counts = [len(zh.items[i]) for i in range(start, stop)]
    if not sum(counts) or not len(keys):
        return
    row = np.repeat(np.arange(start, stop, dtype=np.int64), counts)
    item = np.concatenate(zh.items[start:stop])
    first = np.searchsorted(keys, item * n_cols + lo[row])
    last = np.searchsorted(keys, item * n_cols + hi[row] + 1)
    sizes = last - first
    total = int(sizes.sum())
    if not total:
        return
    # every posting in [first, last) of every (row, item): the flat join, without a loop
    owner = np.repeat(np.arange(len(sizes)), sizes)
    offset = np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    where = first[owner] + offset
    hit_row = row[owner]
    col = keys[where] % n_cols
    width = values.shape[1]
    flat = (hit_row - start) * width + (col - lo[hit_row])
    block = np.bincount(flat, weights=weight[where], minlength=(stop - start) * width)
    values[start:stop] += block.reshape(stop - start, width)

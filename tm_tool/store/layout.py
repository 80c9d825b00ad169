"""Where the search index keeps a gram's postings (shared by store/index.py, which writes
them, and lookup/postings.py, which reads them)."""

from __future__ import annotations

import numpy as np

BUCKET_BITS = 15
BUCKETS = 1 << BUCKET_BITS
GRAM_BITS = 44  # gram keys are below 2^44 (lookup/tokens.py)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def bucket_of(grams: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Bucket of each gram (Fibonacci hashing: the top bits of gram × 2^64/φ), computed in
    ``out`` if given (an int64 array like ``grams``: no temporary arrays)."""
    result = np.empty(len(grams), dtype=np.int64) if out is None else out
    work = result.view(np.uint64)
    with np.errstate(over="ignore"):
        np.multiply(grams.view(np.uint64), _GOLDEN, out=work)
    np.right_shift(work, np.uint64(64 - BUCKET_BITS), out=work)
    return result


def row_key(chunk: int, side: int, bucket: int) -> int:
    """Rowid of one bucket's postings from one chunk (one flush of an import).

    Chunk-major, so that every flush appends at the end of the table's b-tree: keyed the other
    way round, each flush inserted into the middle of every bucket's run, and a million-segment
    import spent most of its time moving SQLite pages. A lookup reads one row per chunk."""
    return (chunk << (BUCKET_BITS + 1)) | (side << BUCKET_BITS) | bucket

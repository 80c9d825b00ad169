"""Where the search index keeps a gram's postings (shared by store/index.py, which writes
them, and lookup/postings.py, which reads them).

Per chunk (one flush of an import), a gram's segment ids are either in a row of their own in
``search_grams`` — when the chunk has at least ``OWN_ROW_AT`` of them: frequent grams, read
exactly — or, for the many rare grams, in their bucket's row of ``search_buckets`` together
with the other rare grams of the bucket. Buckets are keyed chunk-major, so that every flush
appends at the end of the b-tree; keyed the other way round, each flush inserted into the
middle of every run, and a million-segment import spent most of its time moving SQLite pages.
Frequent grams are few (a few percent of the rows), so their table is keyed gram-major: one
range read per gram.
"""

from __future__ import annotations

import numpy as np

BUCKET_BITS = 15
GRAM_BITS = 44  # gram keys are below 2^44 (lookup/tokens.py)
OWN_ROW_AT = 32  # ids of one gram in one chunk from which the gram gets a row of its own
# A flush sorts its postings 1/2^PARTITION_BITS of the buckets at a time (bounded memory).
PARTITION_BITS = 3
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
    """Rowid in ``search_buckets`` of one bucket's rare grams from one chunk."""
    return (chunk << (BUCKET_BITS + 1)) | (side << BUCKET_BITS) | bucket


CHUNK_BITS = 18


def gram_key(chunk: int, side: int, gram: int) -> int:
    """Rowid in ``search_grams`` of one frequent gram's ids from one chunk. Gram-major, unlike
    the buckets: a lookup reads a frequent gram's chunks in one range, and the few frequent
    grams of a flush are cheap to insert wherever they fall."""
    return (side << (GRAM_BITS + CHUNK_BITS)) | (gram << CHUNK_BITS) | chunk


def gram_range(side: int, gram: int) -> tuple[int, int]:
    """The rowids of every chunk of one frequent gram."""
    low = gram_key(0, side, gram)
    return low, low | ((1 << CHUNK_BITS) - 1)

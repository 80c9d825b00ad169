"""Posting lists — sorted arrays of distinct segment ids — and the set operations on them.

A list is a NumPy int32 array, or, while NumPy is not imported yet and the list is small, a
stdlib ``array('i')``: importing NumPy costs a ``tm concordance`` on a small memory a third
of its start-up (issue #21), more than plain Python needs for lists of fewer than
:data:`SMALL_IDS` ids. Every function here takes either kind, and mixed ones; code that needs
NumPy on the lists (fuzzy candidate counting) takes them through :func:`as_numpy`.

NumPy's ``union1d`` and ``unique`` hash every element (NumPy 2 sorts no more), and
``intersect1d`` sorts both arrays together, so a 2-character concordance on a million segments
spent 90 % of its time uniting a list with an empty one. Lists that are already sorted and
distinct need neither: a union merges them, an intersection searches the shorter list's ids
in the longer one.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypeAlias

from ..lazy import numpy as np

if TYPE_CHECKING:
    import numpy

IdList: TypeAlias = "numpy.ndarray | array[int]"

# Below this many ids in all, plain Python is cheaper than importing NumPy (~70 ms here; a
# union of two lists of 2^16 ids each in Python takes ~15 ms).
SMALL_IDS = 1 << 17
_BIG_ENDIAN = sys.byteorder == "big"


def _numpy_pays(count: int) -> bool:
    """Whether NumPy should hold ``count`` ids: it is loaded already, or they are many."""
    return "numpy" in sys.modules or count >= SMALL_IDS


def from_bytes(blob: bytes) -> IdList:
    """The ids stored in ``blob`` (little-endian int32, as the index writes them)."""
    if _numpy_pays(len(blob) // 4):
        return np.frombuffer(blob, dtype="<i4").astype(np.int32, copy=False)
    ids = array("i")
    ids.frombytes(blob)
    if _BIG_ENDIAN:
        ids.byteswap()
    return ids


def of_sorted(ids: Sequence[int]) -> IdList:
    """A posting list of ``ids`` (sorted and distinct already)."""
    if _numpy_pays(len(ids)):
        return np.array(ids, dtype=np.int32)
    return array("i", ids)


def empty() -> IdList:
    return of_sorted([])


def nbytes(ids: IdList) -> int:
    return len(ids) * ids.itemsize


def as_numpy(ids: IdList) -> numpy.ndarray:
    """``ids`` as a NumPy array (no copy of an ``array('i')``: NumPy reads its buffer)."""
    return ids if isinstance(ids, np.ndarray) else np.frombuffer(ids, dtype=np.int32)


def _in_python(lists: Iterable[IdList]) -> bool:
    """Whether every one of ``lists`` is an ``array('i')`` (NumPy's never was needed)."""
    return all(isinstance(ids, array) for ids in lists)


def union(lists: Sequence[IdList]) -> IdList:
    """The sorted distinct ids of all ``lists`` (each sorted and distinct)."""
    held = [ids for ids in lists if len(ids)]
    if not held:
        return lists[0] if lists else empty()
    if len(held) == 1:
        return held[0]
    if _in_python(held) and not _numpy_pays(sum(map(len, held))):
        return array("i", sorted(set().union(*held)))
    joined = np.concatenate([as_numpy(ids) for ids in held])
    joined.sort(kind="stable")  # (a merge of sorted runs: timsort sees them)
    return joined[np.r_[True, joined[1:] != joined[:-1]]]


def intersection(a: IdList, b: IdList) -> IdList:
    """The ids in both ``a`` and ``b`` (each sorted and distinct), sorted: the shorter
    list's ids found in the longer by binary search (m log n, not a sort of m + n)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if not len(short) or not len(long):
        return short[:0]
    if _in_python((short, long)):
        if len(short) * 16 < len(long):
            return array("i", (i for i in short if _holds(long, i)))
        held = set(long)
        return array("i", (i for i in short if i in held))
    short = as_numpy(short)
    return short[holding(as_numpy(long), short)]


def holding(ids: numpy.ndarray, wanted: numpy.ndarray) -> numpy.ndarray:
    """Which of ``wanted`` (any order) ``ids`` holds: a boolean mask over ``wanted``, found by
    binary search in ``ids`` (NumPy arrays both)."""
    if not len(ids):
        return np.zeros(len(wanted), dtype=bool)
    wanted = wanted.astype(ids.dtype, copy=False)  # (else searchsorted copies all of ids)
    at = np.minimum(np.searchsorted(ids, wanted), len(ids) - 1)
    return ids[at] == wanted


def members(ids: IdList, wanted: Sequence[int]) -> list[int]:
    """Those of ``wanted`` (any order) that ``ids`` holds, in the order of ``wanted``."""
    if not len(ids) or not wanted:
        return []
    if _in_python((ids,)):
        return [i for i in wanted if _holds(ids, i)]
    ids = as_numpy(ids)
    asked = np.asarray(wanted, dtype=ids.dtype)
    at = np.minimum(np.searchsorted(ids, asked), len(ids) - 1)
    return asked[ids[at] == asked].tolist()


def holds(ids: IdList, segment_id: int) -> bool:
    """Whether ``ids`` holds ``segment_id``."""
    return bool(members(ids, [segment_id]))


def _holds(ids: Sequence[int], segment_id: int) -> bool:
    at = bisect_left(ids, segment_id)
    return at < len(ids) and ids[at] == segment_id

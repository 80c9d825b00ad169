"""The banded dynamic programme over bead shapes.

Row i is "the first i Chinese sentences are aligned"; in it, column j (between ``lo[i]`` and
``hi[i]``) is "… with the first j English sentences". A row is computed at once with numpy for
every shape that consumes a Chinese sentence; the 0-1 shape (an English sentence alone) moves
within the row, which is a running minimum: D[j] = S[j] + min_{k≤j}(X[k] − S[k]) where S is
the running sum of 0-1 costs. Memory is the band: rows × band width, never rows × columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import Side
from .overlap import Band, overlap_band
from .scoring import SHAPES, Params, length_cost, similarity

_INF = np.inf


@dataclass(frozen=True)
class Bead:
    zh: tuple[int, ...]
    en: tuple[int, ...]
    sim: float
    length: float

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.zh), len(self.en)


def diagonal_band(zh: Side, en: Side, half_width: int) -> tuple[np.ndarray, np.ndarray]:
    """The band around the diagonal of cumulative length (a long omitted passage moves the
    diagonal less than sentence counts would)."""
    n, m = len(zh.texts), len(en.texts)
    pz = np.concatenate([[0.0], np.cumsum(zh.lengths + 1.0)])
    pe = np.concatenate([[0.0], np.cumsum(en.lengths + 1.0)])
    centre = np.searchsorted(pe / pe[-1], pz / pz[-1]) if m else np.zeros(n + 1, dtype=int)
    return monotone_band(centre - half_width, centre + half_width, m)


def path_band(beads: list[Bead], n: int, m: int, half_width: int
              ) -> tuple[np.ndarray, np.ndarray]:
    """A narrow band around an earlier path (the second pass)."""
    rows, cols = [0], [0]
    for bead in beads:
        rows.append(rows[-1] + len(bead.zh))
        cols.append(cols[-1] + len(bead.en))
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for k in range(1, len(rows)):  # a row crossed by a bead sees every column it spans
        r0, r1 = rows[k - 1], rows[k]
        lo[r0:r1 + 1] = np.minimum(lo[r0:r1 + 1], cols[k - 1])
        hi[r0:r1 + 1] = np.maximum(hi[r0:r1 + 1], cols[k])
    return monotone_band(lo - half_width, hi + half_width, m)


def monotone_band(lo: np.ndarray, hi: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    lo = np.clip(np.asarray(lo, dtype=np.int64), 0, m)
    hi = np.clip(np.asarray(hi, dtype=np.int64), 0, m)
    lo[0], hi[-1] = 0, m
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # never more than a later row's start
    hi = np.maximum.accumulate(hi)
    lo[1:] = np.minimum(lo[1:], hi[:-1])  # consecutive rows overlap: a 1-0 bead links them
    return lo, np.maximum(hi, lo)


def _overlap_for(zh: Side, en: Side, lo: np.ndarray, hi: np.ndarray) -> Band:
    """Overlaps for each zh sentence i' with the en sentences that beads ending in rows
    i'+1 .. i'+3 can contain."""
    n, m = len(zh.texts), len(en.texts)
    last = np.minimum(np.arange(n) + 3, n)
    clo = np.maximum(lo[1:n + 1] - 3, 0) if n else np.zeros(0, dtype=np.int64)
    chi = np.minimum(hi[last] - 1, m - 1) if n else np.zeros(0, dtype=np.int64)
    return overlap_band(zh, en, clo, np.maximum(chi, clo))


class _Row:
    """The per-document arrays the row loop reads."""

    def __init__(self, zh: Side, en: Side, params: Params, lo: np.ndarray, hi: np.ndarray
                 ) -> None:
        self.pz = np.concatenate([[0.0], np.cumsum(zh.lengths)])
        self.pe = np.concatenate([[0.0], np.cumsum(en.lengths)])
        self.mz = np.concatenate([[0.0], np.cumsum(zh.mass)])
        self.me = np.concatenate([[0.0], np.cumsum(en.mass)])
        self.en_mass = en.mass
        self.zh_mass = zh.mass
        self.params = params
        self.band = _overlap_for(zh, en, lo, hi)
        self.lo, self.hi = lo, hi
        self.n, self.m = len(zh.texts), len(en.texts)

    def cost(self, i: np.ndarray | int, a: int, b: int, cols: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray]:
        """Cost and similarity of the beads (a zh, b en) that end at (i, cols); ``i`` is a
        row or a column of rows that broadcasts against ``cols``."""
        i = np.asarray(i)
        l_zh = self.pz[i] - self.pz[i - a]
        l_en = self.pe[cols] - self.pe[cols - b]
        cost = self.params.prior_cost(a, b) + length_cost(l_zh, l_en, self.params)
        cost = np.broadcast_to(cost, cols.shape)
        if a == 0 or b == 0:
            return cost, np.zeros(cols.shape)
        cover = np.zeros(cols.shape)
        by_zh = np.zeros((a, *cols.shape))
        idle = np.zeros(cols.shape)  # members with words of their own that explain nothing
        for q in range(1, b + 1):
            explained = np.zeros(cols.shape)
            for p in range(1, a + 1):
                part = self.band.gather(i - p, cols - q)
                explained += part
                by_zh[p - 1] += part
            cover += np.minimum(explained, self.en_mass[cols - q])
            if b > 1:
                idle += (explained == 0) * np.minimum(self.en_mass[cols - q] / 4.0, 1.0)
        if a > 1:
            for p in range(1, a + 1):
                idle += (by_zh[p - 1] == 0) * np.minimum(self.zh_mass[i - p] / 4.0, 1.0)
        mass = (self.mz[i] - self.mz[i - a]) + (self.me[cols] - self.me[cols - b])
        sim = similarity(cover, mass)
        return cost - self.params.alpha * sim + self.params.idle * idle, sim

    def block(self, r0: int, r1: int, width: int) -> list[tuple[int, int, np.ndarray,
                                                                 np.ndarray]]:
        """For rows r0..r1-1 and every shape that consumes a Chinese sentence: the cost of
        the bead ending at each band cell (inf where it cannot), and the band index of the
        cell it starts from — all at once, so the row loop only adds and compares."""
        rows = np.arange(r0, r1)[:, None]
        cols = self.lo[rows] + np.arange(width)[None, :]
        inside = cols <= self.hi[rows]
        found = []
        for s, (a, b) in enumerate(SHAPES):
            if a == 0 or a > self.n or b > self.m:
                continue
            start_row = np.maximum(rows - a, 0)
            start_col = cols - b
            ok = inside & (rows >= a) & (start_col >= self.lo[start_row]) & \
                (start_col <= self.hi[start_row])
            safe_cols = np.where(ok, cols, b)
            safe_rows = np.where(rows >= a, rows, a)
            cost, _ = self.cost(safe_rows, a, b, safe_cols)
            cost = np.where(ok, cost, _INF)
            index = np.where(ok, start_col - self.lo[start_row], 0)
            found.append((s, a, cost, index))
        return found


_BLOCK = 64  # rows whose bead costs are computed together


def align_band(zh: Side, en: Side, params: Params, lo: np.ndarray, hi: np.ndarray
               ) -> list[Bead]:
    """The cheapest sequence of beads inside the band, from (0, 0) to (n, m)."""
    n, m = len(zh.texts), len(en.texts)
    width = int((hi - lo).max()) + 1
    total = np.full((n + 1, width), _INF)
    back = np.zeros((n + 1, width), dtype=np.int8)  # index into SHAPES
    row_of = _Row(zh, en, params, lo, hi)
    skip = params.prior_cost(0, 1) + length_cost(0.0, en.lengths, params) if m else np.zeros(0)
    skip_at = np.concatenate([[0.0], skip])  # the 0-1 bead that reaches column j
    across = SHAPES.index((0, 1))
    for r0 in range(0, n + 1, _BLOCK):
        r1 = min(n + 1, r0 + _BLOCK)
        shapes = row_of.block(r0, r1, width)
        for i in range(r0, r1):
            best = np.full(width, _INF)
            best_shape = np.zeros(width, dtype=np.int8)
            if i == 0:
                best[0] = 0.0
            for s, a, cost, index in shapes:
                candidate = total[i - a, index[i - r0]] + cost[i - r0]
                better = candidate < best
                best[better] = candidate[better]
                best_shape[better] = s
            # 0-1 beads move along the row: a running minimum over the cumulative skip cost
            cols = np.minimum(lo[i] + np.arange(width), m)
            run = np.cumsum(np.where(np.arange(width) > 0, skip_at[cols], 0.0))
            reach = np.minimum.accumulate(best - run) + run
            reach[lo[i] + np.arange(width) > hi[i]] = _INF  # beyond the band
            from_left = reach < best - 1e-9  # (rounding in the running sum is no move)
            best_shape[from_left] = across
            total[i] = np.minimum(best, reach)
            back[i] = best_shape
    return _trace(back, lo, n, m, row_of)


def _trace(back: np.ndarray, lo: np.ndarray, n: int, m: int, row_of: _Row) -> list[Bead]:
    ends: list[tuple[int, int, int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = SHAPES[back[i, j - lo[i]]]
        ends.append((i, j, a, b))
        i, j = i - a, j - b
    ends.reverse()
    sims = np.zeros(len(ends))
    for a, b in set((a, b) for _, _, a, b in ends):  # one vectorised call per shape
        picked = [k for k, end in enumerate(ends) if end[2:] == (a, b)]
        rows = np.array([ends[k][0] for k in picked])[:, None]
        cols = np.array([ends[k][1] for k in picked])[:, None]
        sims[picked] = row_of.cost(rows, a, b, cols)[1][:, 0]
    ii = np.array([e[0] for e in ends])
    jj = np.array([e[1] for e in ends])
    aa = np.array([e[2] for e in ends])
    bb = np.array([e[3] for e in ends])
    lengths = length_cost(row_of.pz[ii] - row_of.pz[ii - aa], row_of.pe[jj] - row_of.pe[jj - bb],
                          row_of.params)
    return [Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), float(sim), float(length))
            for (i, j, a, b), sim, length in zip(ends, sims, lengths, strict=True)]

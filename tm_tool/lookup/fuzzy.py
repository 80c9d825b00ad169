"""Exact and fuzzy TM matches: candidates from the index, verified best bound first.

Candidates come from the bigram postings with an exact q-gram filter (performance notes §4 i):
d token edits destroy at most 2·d of the query's distinct bigrams, so a segment s can reach the
minimum score θ only if it shares at least |G(q)| − 2·⌊(1 − θ)·max(|q|, |s|)⌋ of them and its
length lies in [θ·|q|, |q|/θ]. The same two facts bound each candidate's score from above
(d ≥ ⌈(|G(q)| − shared)/2⌉ and d ≥ ||q| − |s||), so candidates are verified with rapidfuzz in
the order of that bound, a batch at a time, and a score is final as soon as it beats the bound
of every candidate not yet verified: a lookup that wants five matches stops after the handful
that can reach them, and an analysis asking for the best match at 50 % reads a few dozen texts
where the bound admits a thousand. Nothing is scanned per segment; where the bound says
nothing (very short queries) the MAX_CANDIDATES with the best bounds are the ones verified.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterator

from ..index import idsets
from ..index.keys import Side, query_grams, tokens, tokens_of_all
from ..index.reader import Postings
from ..lazy import numpy as np  # (imported when first used: tm term starts without it)
from . import scoring

MAX_CANDIDATES = 1000
FIRST_BATCH = 16  # texts read and scored at once; doubling up to LAST_BATCH
LAST_BATCH = 256


TIERS = (90, 80, 70, 60)  # bounds at which candidates are gathered, best first (then the min)
# A tier is gathered from its rarest grams when their postings are fewer than all the query's
# postings / (PREFIX_COST × grams): a binary search per gram costs ~8 increments of a count.
PREFIX_COST = 8


class Candidates:
    """The segments that may reach the minimum score, given out best score bound first.

    They are gathered in tiers of their bound (≥ 90, 80–89, … down to the minimum), each only
    when the one before is used up: most lookups end inside the first tiers. A high tier is
    found from the rarest grams alone (a segment that misses at most m of the query's grams
    holds one of its m + 1 rarest), its shared grams counted by binary search; a lower one
    counts the shared grams of every segment, once."""

    def __init__(self, postings: list[np.ndarray], lengths: np.ndarray, segments: int,
                 query_length: int, min_score: int) -> None:
        self._lists = sorted(postings, key=len)  # of the query's distinct grams, rarest first
        self._lengths, self._segments = lengths, segments  # (lengths by segment id)
        self._grams, self._qlen = len(postings), query_length
        self._shared: np.ndarray | None = None  # by segment id, when a lower tier needs it
        self._floors = [t for t in TIERS if t > min_score] + [min_score] if postings else []
        self._ceiling = 101  # bounds of the next tier are below this
        self._ids = self._bounds = np.empty(0, dtype=np.int64)
        self._at = self._given = 0

    def bound(self) -> int:
        """The highest score a candidate not given out yet could have (-1: there is none)."""
        if self._given >= MAX_CANDIDATES:
            return -1
        if self._at < len(self._ids):
            return int(self._bounds[self._at])
        return self._ceiling - 1 if self._floors else -1

    def take(self, most: int) -> list[int]:
        """Up to ``most`` more candidate ids, best bound first ([]: none left)."""
        while self._at >= len(self._ids) and self._floors:
            self._gather(self._floors.pop(0))
        most = min(most, MAX_CANDIDATES - self._given)
        ids = self._ids[self._at:self._at + most].tolist()
        self._at += len(ids)
        self._given += len(ids)
        return ids

    def _gather(self, floor: int) -> None:
        """The candidates whose bound lies in [floor, ceiling), best first."""
        theta, qlen = floor / 100.0, self._qlen
        # At the longest length the window allows, a segment misses the most grams.
        most_missed = 2 * math.floor((1.0 - theta) * math.ceil(qlen / theta) + 1e-9)
        if self._prefix_is_cheaper(most_missed + 1):
            ids, shared = self._holding_rare_grams(most_missed + 1)
        else:
            shared_by_id = self._shared_by_id()
            ids = np.flatnonzero(shared_by_id >= max(1, self._grams - most_missed))
            shared = shared_by_id[ids]
        lengths = self._lengths[ids]
        # (the length window first: it is cheap and leaves a fraction of the ids)
        window = (lengths >= math.ceil(theta * qlen - 1e-9)) & (
            lengths <= math.floor(qlen / theta + 1e-9))
        ids, lengths, shared = ids[window], lengths[window].astype(np.int32), shared[window]
        shared = shared.astype(np.int32)
        longest = np.maximum(lengths, qlen)
        fewest_edits = np.maximum((self._grams - shared + 1) // 2, np.abs(lengths - qlen))
        bounds = (100 * (longest - fewest_edits)) // np.maximum(longest, 1)
        keep = (bounds >= floor) & (bounds < self._ceiling)
        ids, bounds, shared = ids[keep], bounds[keep], shared[keep]
        # Best bound first; among equal bounds more shared grams, then the lower id.
        order = np.lexsort((ids, -shared, -bounds))
        self._ids, self._bounds, self._at = ids[order], bounds[order], 0
        self._ceiling = floor

    def _prefix_is_cheaper(self, rarest: int) -> bool:
        if self._shared is not None or rarest >= len(self._lists):
            return False
        rare = sum(len(ids) for ids in self._lists[:rarest])
        every = sum(len(ids) for ids in self._lists)
        return rare * self._grams * PREFIX_COST < every + self._segments // 4

    def _holding_rare_grams(self, rarest: int) -> tuple[np.ndarray, np.ndarray]:
        """The segments holding one of the ``rarest`` grams, and how many of all the
        query's grams each holds."""
        ids = idsets.union(self._lists[:rarest])
        shared = np.zeros(len(ids), dtype=np.int32)
        for postings in self._lists:
            at = np.searchsorted(postings, ids)
            found = at < len(postings)
            found[found] = postings[at[found]] == ids[found]
            shared += found
        return ids, shared

    def _shared_by_id(self) -> np.ndarray:
        """How many of the query's grams each segment holds, by segment id."""
        if self._shared is None:
            # Each list holds an id once, so in-place increments count shared grams: 2-3x
            # faster than np.bincount of the concatenation at 1M segments.
            self._shared = np.zeros(self._segments,
                                    dtype=np.uint16 if self._grams < 1 << 16 else np.uint32)
            for postings in self._lists:
                self._shared[postings] += 1
        return self._shared


def candidates(postings: Postings, query: str, side: Side, min_score: int) -> Candidates:
    """The segments whose ``side`` may score at least ``min_score`` against ``query``."""
    toks, pairs = query_grams(query)
    grams = sorted(set(pairs)) or sorted(set(toks))
    lists = [idsets.as_numpy(ids) for ids in postings.ids_of_all(side, grams) if len(ids)]
    return Candidates(lists, postings.lengths[side], postings.max_id + 1, len(toks), min_score)


class BestFirst:
    """The candidates scoring at least ``min_score``, taken best score first (equal scores by
    id) and verified lazily: a score is final once no unverified candidate's bound could beat
    it. ``read_texts`` gives id → text for those of some ids that may match (it leaves out
    what the caller would not show, e.g. another language)."""

    def __init__(self, query: str, found: Candidates,
                 read_texts: Callable[[list[int]], dict[int, str]], min_score: int) -> None:
        self._query, self._query_tokens = query, tokens(query)
        self._found, self._read_texts, self._min_score = found, read_texts, min_score
        self._verified: list[tuple[int, int]] = []  # a heap of (-score, id)
        self._batch = FIRST_BATCH

    def _unverified_bound(self) -> int:
        """The best score an unverified candidate could have (-1: none can reach the min)."""
        bound = self._found.bound()
        return bound if bound >= self._min_score else -1

    def bound(self) -> int | None:
        """The best score of any candidate not taken yet (None: there is none)."""
        best = max(-self._verified[0][0] if self._verified else -1, self._unverified_bound())
        return None if best < 0 else best

    def take(self, most: int) -> list[tuple[int, int]]:
        """Up to ``most`` of the next (segment id, score), best first: at least one if any is
        left, and beyond the first only those already final (no more texts read for them)."""
        taken: list[tuple[int, int]] = []
        while len(taken) < most:
            following = self._unverified_bound()
            if self._verified and -self._verified[0][0] > following:
                negative, seg_id = heapq.heappop(self._verified)
                taken.append((seg_id, -negative))
            elif taken or following < 0:
                break
            else:
                self._verify_next_batch()
        return taken

    def _verify_next_batch(self) -> None:
        ids = self._found.take(self._batch)
        self._batch = min(self._batch * 2, LAST_BATCH)
        for seg_id, value in _scores(self._query, self._query_tokens, self._read_texts(ids)):
            if value >= self._min_score:
                heapq.heappush(self._verified, (-value, seg_id))


def _scores(query: str, query_tokens: list[str], texts: dict[int, str]
            ) -> Iterator[tuple[int, int]]:
    for (seg_id, text), toks in zip(texts.items(), tokens_of_all(list(texts.values())),
                                    strict=True):
        yield seg_id, scoring.score(query, text, query_tokens, toks)


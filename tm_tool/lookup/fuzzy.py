"""Exact and fuzzy TM matches: candidates from the index, verified best bound first.

Candidates come from the bigram postings with an exact q-gram filter (performance notes §4 i;
the q-gram lemma, Ukkonen 1992): strings d token edits apart have at least
max(|q|, |s|) − 1 − 2·d bigram occurrences in common, and a segment s holding ``shared`` of
the query's |G(q)| distinct bigrams has at most shared + (|q| − 1 − |G(q)|) of them (the
query's repeated bigrams may each count again). So d ≥ ⌈(max(|q|, |s|) − |q| + |G(q)| −
shared)/2⌉, and d ≥ ||q| − |s||: the bound of each candidate's score. A longer segment pays for
its extra tokens and its missing grams together (bounding them apart, as this did before, let
through 230 times the candidates that can score 70 at 1M segments). A segment can then reach
the minimum score θ only if its length lies in [θ·|q|, |q|/θ] and it misses few enough of the
query's grams (:func:`_most_missed`). Candidates are verified with rapidfuzz in the order of the
bound, a batch at a time, and a score is final as soon as it beats the bound of every
candidate not yet verified: a lookup that wants five matches stops after the handful that can
reach them, and an analysis asking for the best match at 50 % reads a few dozen texts where
the bound admits a thousand. Nothing is scanned per segment; where the bound says
nothing (very short queries) the MAX_CANDIDATES with the best bounds are the ones verified.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable

from ..index import idsets
from ..index.keys import Side, TokenStrings, batch_grams, query_grams, tokens, tokens_of_all
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
SEARCH_COST = 4  # a binary search of a segment in a list costs ~4 increments of a count
# Reading a segment's text and counting the query's grams in it costs about as much as
# shipping this many ids of a posting list (PostgreSQL, 1M segments: ~30 µs a text with its
# tokens, ~0.09 µs an id): FromRarestLists reads a list while it costs fewer.
TEXT_COST = 300
# A statement's round trip to a server costs about as much as shipping this many ids (~1 ms).
STATEMENT_COST = 10_000
TEXTS_AT_ONCE = 50_000  # texts counted in one batch_grams call (it allows < 65,536)


class Candidates:
    """The segments that may reach the minimum score, given out best score bound first.

    They are gathered in tiers of their bound (≥ 90, 80–89, … down to the minimum), each only
    when the one before is used up: most lookups end inside the first tiers. A high tier is
    found from the rarest grams alone (a segment that misses at most m of the query's grams
    holds one of its m + 1 rarest), its shared grams counted by binary search; a lower one
    counts the shared grams of every segment, once, and gathers all the tiers left."""

    _tiers = TIERS

    def __init__(self, postings: list[np.ndarray], lengths: np.ndarray, segments: int,
                 query_length: int, min_score: int) -> None:
        self._lists = sorted(postings, key=len)  # of the query's distinct grams, rarest first
        self._begin(len(postings), lengths, segments, query_length, min_score)

    def _begin(self, grams: int, lengths: np.ndarray, segments: int, query_length: int,
               min_score: int) -> None:
        self._lengths, self._segments = lengths, segments  # (lengths by segment id)
        self._grams, self._qlen = grams, query_length
        self._floors = [t for t in self._tiers if t > min_score] + [min_score] if grams else []
        self._ceiling = 101  # bounds of the next tier are below this
        self._ids = self._tier_bounds = np.empty(0, dtype=np.int64)
        self._at = self._given = 0

    def bound(self) -> int:
        """The highest score a candidate not given out yet could have (-1: there is none)."""
        if self._given >= MAX_CANDIDATES:
            return -1
        if self._at < len(self._ids):
            return int(self._tier_bounds[self._at])
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
        """The candidates whose bound lies in [floor, ceiling), best first. Once every
        segment's shared grams are counted, all the tiers left are gathered at once: one pass
        over the counts instead of one per tier (the bound orders them all the same)."""
        floor, ids, shared = self._holding(floor)
        ids, lengths, shared = self._in_window(ids, floor, shared)
        bounds = self._bounds(lengths, shared)
        keep = (bounds >= floor) & (bounds < self._ceiling)
        ids, bounds, shared = ids[keep], bounds[keep], shared[keep]
        # Best bound first; among equal bounds more shared grams, then the lower id.
        order = np.lexsort((ids, -shared, -bounds))
        self._ids, self._tier_bounds, self._at = ids[order], bounds[order], 0
        self._ceiling = floor

    def _holding(self, floor: int) -> tuple[int, np.ndarray, np.ndarray]:
        """The floor gathered down to (lower than ``floor`` where every segment's shared
        grams are counted: all the tiers left), the segments that may reach it and how many
        of the query's grams each holds."""
        rarest = _most_missed(floor, self._qlen) + 1
        if self._prefix_is_cheaper(rarest):
            return floor, *self._holding_rare_grams(rarest)
        floor = min([floor, *self._floors])
        self._floors.clear()
        return floor, *self._counted(self._grams - _most_missed(floor, self._qlen))

    def _in_window(self, ids: np.ndarray, floor: int, shared: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Those of ``ids`` (and their ``shared``) whose length lets them reach ``floor``, and
        their lengths: the cheapest test, which leaves a fraction of the ids."""
        theta, qlen = floor / 100.0, self._qlen
        lengths = self._lengths[ids]
        window = (lengths >= math.ceil(theta * qlen - 1e-9)) & (
            lengths <= math.floor(qlen / theta + 1e-9))
        return ids[window], lengths[window].astype(np.int32), shared[window]

    def _bounds(self, lengths: np.ndarray, shared: np.ndarray) -> np.ndarray:
        """The best score a segment of each length holding ``shared`` of the query's grams
        can have (the q-gram bound of the module's docstring)."""
        qlen = self._qlen
        longest = np.maximum(lengths, qlen)
        fewest_edits = np.maximum((longest - qlen + self._grams - shared + 1) // 2,
                                  np.abs(lengths - qlen))
        return (100 * (longest - fewest_edits)) // np.maximum(longest, 1)

    def _prefix_is_cheaper(self, rarest: int) -> bool:
        if rarest >= len(self._lists):
            return False
        rare = sum(len(ids) for ids in self._lists[:rarest])
        every = sum(len(ids) for ids in self._lists)
        return rare * self._grams * PREFIX_COST < every + self._segments // 4

    def _holding_rare_grams(self, rarest: int) -> tuple[np.ndarray, np.ndarray]:
        """The segments holding one of the ``rarest`` grams and at least ``grams − rarest
        + 1`` of all the query's grams, and how many each holds. The lists are searched
        rarest first, and a segment is dropped as soon as the lists left cannot make up what
        it misses: the longest lists, which cost most to search, see a few of them."""
        fewest = self._grams - rarest + 1
        ids = idsets.as_numpy(idsets.union(self._lists[:rarest]))
        shared = np.zeros(len(ids), dtype=np.int32)
        for searched, postings in enumerate(self._lists, 1):
            shared += idsets.holding(postings, ids)
            alive = shared >= fewest - (self._grams - searched)
            if not alive.all():
                ids, shared = ids[alive], shared[alive]
        return ids, shared

    def _counted(self, fewest: int) -> tuple[np.ndarray, np.ndarray]:
        """The segments holding at least ``fewest`` of the query's grams, and how many each
        holds. The shorter lists are counted into an array by segment id; the longest, which
        cost most to count, are searched only for the segments the others leave in the
        running: a segment missing the L longest lists still needs ``fewest`` − L of the rest
        (DivideSkip, Li, Lu & Lu, ICDE 2008). L = ⅔ of ``fewest`` − 1 made the count 2.7x
        faster at 1M segments (½: 2.4x, all but one: 4x slower)."""
        fewest = max(1, fewest)
        skipped = min(2 * (fewest - 1) // 3, len(self._lists) - 1)
        counted, searched = (self._lists[:len(self._lists) - skipped],
                             self._lists[len(self._lists) - skipped:])
        counts = np.zeros(self._segments,
                          dtype=np.uint16 if self._grams < 1 << 16 else np.uint32)
        for postings in counted:
            # Each list holds an id once, so in-place increments count shared grams (2-3x
            # faster than np.bincount of the concatenation), indexed by an intp copy: NumPy's
            # own cast of int32 indices inside the increment made it 1.5x slower.
            counts[postings.astype(np.intp)] += 1
        ids = np.flatnonzero(counts >= max(1, fewest - skipped)).astype(np.int32)
        if len(ids) * len(searched) * SEARCH_COST > sum(map(len, searched)):
            for postings in searched:  # (so many left that counting costs less)
                counts[postings.astype(np.intp)] += 1
            ids = np.flatnonzero(counts >= fewest).astype(np.int32)
            return ids, counts[ids].astype(np.int32)
        shared = counts[ids].astype(np.int32)
        for postings in searched:
            shared += idsets.holding(postings, ids)
        return ids[shared >= fewest], shared[shared >= fewest]


class FromRarestLists(Candidates):
    """:class:`Candidates` where shipping a posting list costs more than the texts of a few
    segments do (a server, ``Postings.reads_rarest_lists``: at 10M segments a common
    bigram's ids are megabytes, and the lists of a query's grams were most of its fuzzy
    lookup's time). Only the rarest lists are read, by their sizes (which the reader gets
    without their ids): the m + 1 of which a segment missing at most m of the query's grams
    holds one, then the next ones while they cost less than the texts of the segments they
    may rule out. The grams of the segments left are counted in their texts with the
    tokenizer the index was built with (keys.batch_grams), so each one's shared grams, hence
    its bound and the order the candidates are given in, are those every list gives
    (tests/test_fuzzy_rarest.py)."""

    # No tiers: every candidate down to the minimum gathered at once. Each tier costs a read
    # of lists and one of texts, and a lookup wanting 5 matches rarely finds them all above
    # 80 (the bench's reach the minimum): at 1M on PostgreSQL, lists not cached, tiers
    # 90–60 took 9.3–10.4 ms CPU a lookup (p50) where one gather took 5.5–6.8 ms.
    _tiers = ()

    def __init__(self, postings: Postings, side: Side, grams: list[int],
                 texts: Callable[[list[int]], dict[int, str]], query_length: int,
                 min_score: int) -> None:
        sizes = dict(zip(grams, postings.sizes(side, grams), strict=True))
        self._by_size = sorted(grams, key=lambda gram: (sizes[gram], gram))
        self._sizes = [sizes[gram] for gram in self._by_size]
        self._read: list[np.ndarray] = []  # the lists of _by_size[:len(_read)]
        self._postings, self._side, self._texts = postings, side, texts
        self._query_grams = np.array(grams, dtype=np.int64)
        self._lists = []  # (every list, by length, once Candidates' own ways take over)
        self._begin(len(grams), postings.lengths[side], postings.max_id + 1, query_length,
                    min_score)

    def _holding(self, floor: int) -> tuple[int, np.ndarray, np.ndarray]:
        rarest = _most_missed(floor, self._qlen) + 1
        if rarest >= self._grams or self._lists:
            # (a segment holding any one gram may reach the floor: every list is needed,
            # and Candidates counts them best)
            if not self._lists:
                self._read_up_to(self._grams)
                self._lists = sorted(self._read, key=len)
            return super()._holding(floor)
        self._read_up_to(rarest)
        # (the rarest lists counted by sorting them together: binary searches of their union
        # in each cost 10x more at 1M segments)
        ids, shared = np.unique(np.concatenate(self._read[:rarest]), return_counts=True)
        ids, lengths, shared = self._in_window(ids, floor, shared.astype(np.int32))
        searched = rarest
        while True:
            for postings in self._read[searched:]:
                shared += idsets.holding(postings, ids)
            searched = len(self._read)
            # (at best a segment holds every gram whose list is not read)
            alive = self._bounds(lengths, shared + self._grams - searched) >= floor
            ids, lengths, shared = ids[alive], lengths[alive], shared[alive]
            more = self._lists_worth_reading(lengths, shared, searched, floor)
            if not more:
                break
            self._read_up_to(searched + more)
        if searched < self._grams and len(ids):
            shared = self._grams_in_texts(ids)
        return floor, ids, shared

    def _lists_worth_reading(self, lengths: np.ndarray, shared: np.ndarray, searched: int,
                             floor: int) -> int:
        """How many more lists, rarest first, to read before the texts of the segments left
        (of ``lengths``, holding ``shared`` of the ``searched`` lists read): as many as cost
        least with the texts they leave. A list read is expected to rule out the segments
        that have no gram left to miss (they are rarely in it: it is a rare one), so the
        segments left after each are known before reading it."""
        best, least = 0, TEXT_COST * len(shared)
        cost = STATEMENT_COST
        for more, size in enumerate(self._sizes[searched:], 1):
            cost += size
            if cost >= least:
                break
            left = int((self._bounds(lengths, shared + self._grams - searched - more)
                        >= floor).sum())
            if cost + TEXT_COST * left < least:
                best, least = more, cost + TEXT_COST * left
        return best

    def _read_up_to(self, lists: int) -> None:
        """Read the lists of the ``lists`` rarest grams (those not read yet, in one go)."""
        wanted = self._by_size[len(self._read):lists]
        if wanted:
            self._read += map(idsets.as_numpy, self._postings.ids_of_all(self._side, wanted))

    def _grams_in_texts(self, ids: np.ndarray) -> np.ndarray:
        """How many of the query's grams each of ``ids`` holds, counted in their texts (a
        segment whose text is gone holds none), TEXTS_AT_ONCE texts at a time: batch_grams
        numbers a batch's texts in 16 bits."""
        counts = []
        for start in range(0, len(ids), TEXTS_AT_ONCE):
            part = ids[start:start + TEXTS_AT_ONCE].tolist()
            texts = self._texts(part)
            local, keys, _ = batch_grams([texts.get(seg_id, "") for seg_id in part])
            counts.append(np.bincount(local[np.isin(keys, self._query_grams)],
                                      minlength=len(part)))
        return (np.concatenate(counts) if counts else np.zeros(0)).astype(np.int32)


def _most_missed(floor: int, query_length: int) -> int:
    """How many of a query's distinct grams a segment scoring ``floor`` may miss, at most:
    2·e − (|s| − |q|)⁺ at the length |s| where that is largest, e being the most edits that
    length allows (``floor`` ≤ 100 · (longest − e) / longest)."""
    theta = floor / 100.0
    lengths = np.arange(math.ceil(theta * query_length - 1e-9),
                        math.floor(query_length / theta + 1e-9) + 1)
    if not len(lengths):
        return 0
    edits = (100 - floor) * np.maximum(lengths, query_length) // 100
    return int((2 * edits - np.maximum(lengths - query_length, 0)).max())


def candidates(postings: Postings, query: str, side: Side, min_score: int,
               texts: Callable[[list[int]], dict[int, str]]) -> Candidates:
    """The segments whose ``side`` may score at least ``min_score`` against ``query``.
    ``texts`` gives id → text of that side for some ids (every language: the index holds
    them all), for a reader that counts its candidates' grams in them."""
    toks, pairs = query_grams(query)
    grams = sorted(set(pairs)) or sorted(set(toks))
    if postings.reads_rarest_lists:
        return FromRarestLists(postings, side, grams, texts, len(toks), min_score)
    # (a gram no segment holds keeps its empty list: every segment misses it, which bounds
    # their scores lower)
    lists = [idsets.as_numpy(ids) for ids in postings.ids_of_all(side, grams)]
    return Candidates(lists, postings.lengths[side], postings.max_id + 1, len(toks), min_score)


class BestFirst:
    """The candidates scoring at least ``min_score``, taken best score first (equal scores by
    id) and verified lazily: a score is final once no unverified candidate's bound could beat
    it. ``read_texts`` gives id → text for those of some ids that may match (it leaves out
    what the caller would not show, e.g. another language)."""

    def __init__(self, query: str, found: Candidates,
                 read_texts: Callable[[list[int]], dict[int, str]], min_score: int) -> None:
        self._query = query
        self._as_strings: TokenStrings | None = TokenStrings()
        self._query_tokens: str | list[str] = self._token_strings([query])[0]
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
        texts = self._read_texts(ids)
        for (seg_id, text), toks in zip(texts.items(), self._token_strings(list(texts.values())),
                                        strict=True):
            value = scoring.score(self._query, text, self._query_tokens, toks)
            if value >= self._min_score:
                heapq.heappush(self._verified, (-value, seg_id))

    def _token_strings(self, texts: list[str]) -> list[str] | list[list[str]]:
        """The texts' tokens as token strings; as lists, the query's too, from the batch where
        the strings run out of characters (a query and its candidates with 131,068 words)."""
        if self._as_strings is not None:
            try:
                return self._as_strings.of_all(texts)
            except OverflowError:
                self._as_strings = None
                self._query_tokens = tokens(self._query)
        return tokens_of_all(texts)


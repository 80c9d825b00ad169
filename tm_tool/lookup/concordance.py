"""Concordance: the segments that contain a phrase, read from the index's postings.

Han characters and pairs of them have exact keys; words are hashed (index/keys.py), so a hit
that involves a word could be a collision and is checked against its text (see
:meth:`ConcordanceSearch.find`). Where the postings are a server's (PostgreSQL: the reader's
``pages_by_chunk``), a phrase of one exact gram is counted chunk by chunk and only its page's
chunks are read, and a longer phrase reads its rarest grams first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..index import idsets
from ..index.idsets import IdList
from ..index.keys import Side, holding_run, is_exact, query_grams, tokens
from ..index.reader import Postings
from ..model import Segment
from ..text import normalize_zh_for_terms, to_simplified_all
from .patternsearch import PatternSearch, passing
from .results import Concordance, ConcordanceHit, side_text
from .textsearch import needs_pattern, text_pattern

if TYPE_CHECKING:
    from ..store import Store
    from ..store.segments import SegmentFilter

# A phrase of more than two tokens, where the postings are read by chunk: its rarest grams'
# postings are read READ_TOGETHER at a time (one round trip) and intersected until
# FEW_CANDIDATES are left, whose texts are checked.
READ_TOGETHER = 2
FEW_CANDIDATES = 64
SIDES = {"source": (Side.SOURCE,), "target": (Side.TARGET,), "both": (Side.SOURCE, Side.TARGET)}

# (the ids of the candidates, sorted; the sides of some of them that hold the phrase, by id;
# the sides whose postings were taken on trust)
Candidates = tuple[IdList, Callable[[list[int]], dict[int, list[Side]]], set[Side]]


@dataclass(frozen=True)
class SearchOptions:
    """How a concordance search matches, beyond the default (whole words, any capitals)."""

    substring: bool = False  # inside English words too: "develop" finds "development"
    regex: bool = False  # the phrase is a Python regular expression
    case_sensitive: bool = False  # capitals as written (the default folds them)
    where: SegmentFilter | None = None  # only segments of this origin / status / since


PLAIN = SearchOptions()


class ConcordanceSearch:
    """Finds phrases in the segments of one store."""

    def __init__(self, store: Store, postings: Postings) -> None:
        self.store = store
        self.postings = postings

    def find(self, phrase: str, *, side: str = "both", limit: int = 50, offset: int = 0,
             options: SearchOptions = PLAIN) -> Concordance:
        """Segments containing ``phrase`` (by default as whole words, case-insensitive, width-
        and script-folded; ``options`` for substrings, a regex, capitals, filters)."""
        if needs_pattern(phrase, substring=options.substring, regex=options.regex,
                         case_sensitive=options.case_sensitive):
            pattern = text_pattern(phrase, substring=options.substring, regex=options.regex,
                                   case_sensitive=options.case_sensitive)
            return PatternSearch(self.store, self.postings, options.where).find(
                phrase, pattern, SIDES[side], limit, offset)
        toks = tokens(phrase)
        if not toks:
            return Concordance(phrase, 0, [])
        by_chunk = self.postings.pages_by_chunk
        gram = _one_exact_gram(toks) if by_chunk and options.where is None else None
        if gram is not None:
            return self._one_gram(phrase, gram, SIDES[side], limit, offset)
        ordered, sides_of, hashed = self._candidates(toks, side, options.where, verify=False)
        # (a hit taken on trust is checked with those before it: a failure would shift the page)
        checked = (ordered[:offset + limit] if hashed else ordered[offset:offset + limit]).tolist()
        segments = self.store.get_segments(checked)
        found_in = {i: _found_in(segments[i], sides, hashed, toks)
                    for i, sides in sides_of(checked).items()}
        if None in found_in.values():
            # A word's or a word pair's postings are exact unless two of them hash alike
            # (40-bit keys: a query in ~10^5 meets one on a million segments), so only the
            # hits up to the page are checked against their text; checking every candidate
            # cost 0.4 s for a frequent English pair. A failure is such a collision: check all.
            ordered, sides_of, _ = self._candidates(toks, side, options.where,
                                                    verify=True)
            checked = ordered[offset:offset + limit].tolist()
            segments = self.store.get_segments(checked)
            found_in = {i: sides[0] for i, sides in sides_of(checked).items()}
        page = [(segments[i], found_in[i]) for i in ordered[offset:offset + limit].tolist()]
        return Concordance(phrase, len(ordered), _hits(page, phrase))

    def _one_gram(self, phrase: str, gram: int, sides: tuple[Side, ...], limit: int,
                  offset: int) -> Concordance:
        """The page of a phrase that is one exact gram (a Han character or pair), read by
        chunk: the total from each chunk's count, the ids only of the chunks that the page
        shows or that more than one side holds (their union's size needs them). The segments
        and total are those of reading every posting (the ids of a chunk are a range, chunks
        in id order); at 10M segments a common character's postings are ~14 MB, a chunk's
        ~70 kB."""
        counts = {s: self.postings.chunk_counts(s, gram) for s in sides}
        held: dict[Side, dict[int, IdList]] = {s: {} for s in sides}

        def read(chunks: list[int]) -> None:
            for s in sides:
                need = [c for c in chunks if c in counts[s] and c not in held[s]]
                if need:
                    held[s].update(self.postings.ids_in_chunks(s, gram, need))

        chunks = sorted(set().union(*counts.values()))
        shared = [c for c in chunks if sum(c in counts[s] for s in sides) > 1]
        read(shared)

        def ids_of(chunk: int) -> IdList:
            return idsets.union([held[s].get(chunk, idsets.empty()) for s in sides])

        united = {c: ids_of(c) for c in shared}  # (the page's loop reuses them)
        sizes = {c: len(united[c]) if c in united else sum(counts[s].get(c, 0) for s in sides)
                 for c in chunks}
        page: list[int] = []
        found_in: dict[int, Side] = {}  # the first side that holds each hit
        before = 0  # hits in the chunks before this one
        for chunk in chunks:
            if before + sizes[chunk] > offset and len(page) < limit:
                read([chunk])
                ids = united[chunk] if chunk in united else ids_of(chunk)
                shown = ids[max(0, offset - before):][:limit - len(page)].tolist()
                page += shown
                for s in reversed(sides):  # (one search per side and chunk)
                    found_in.update((i, s) for i in idsets.members(
                        held[s].get(chunk, idsets.empty()), shown))
            before += sizes[chunk]
        segments = self.store.get_segments(page)
        return Concordance(phrase, before, _hits([(segments[i], found_in[i]) for i in page],
                                                 phrase))

    def _few_holding(self, side: Side, grams: list[int]) -> IdList:
        """The segments whose ``side`` holds the rarest of ``grams``, narrowed by the next
        rarest until FEW_CANDIDATES are left: a segment holding the phrase holds every gram,
        and the candidates' texts are checked anyway, so the frequent grams' postings (a
        30-character phrase's most common pair has ~10^6 ids at 10M segments) are never read."""
        order = [g for _, g in sorted(zip(self.postings.sizes(side, grams), grams,
                                          strict=True))]
        ids: IdList | None = None
        for start in range(0, len(order), READ_TOGETHER):
            lists = self.postings.ids_of_all(side, order[start:start + READ_TOGETHER])
            ids = _intersection(lists if ids is None else [ids, *lists])
            if len(ids) <= FEW_CANDIDATES:
                break
        return idsets.empty() if ids is None else ids

    def _candidates(self, toks: list[str], side: str, where: SegmentFilter | None, *,
                    verify: bool) -> Candidates:
        """The ids of the segments whose postings hold the phrase (sorted) and that pass
        ``where``, a function giving the sides of one of them that do, and the sides whose
        postings were taken on trust (hashed word keys, not verified)."""
        per_side: dict[Side, IdList] = {}
        hashed = set()
        for s in SIDES[side]:
            per_side[s], exact = self._containing(toks, s, verify=verify)
            if not exact:
                hashed.add(s)
        arrays = list(per_side.values())
        ordered = idsets.union(arrays)
        if where is not None:
            ordered = passing(self.store, ordered, where)
            per_side = {s: idsets.intersection(ids, ordered) for s, ids in per_side.items()}

        def sides_of(segment_ids: list[int]) -> dict[int, list[Side]]:
            found: dict[int, list[Side]] = {i: [] for i in segment_ids}
            for s, ids in per_side.items():  # (one search per side for the whole page)
                for segment_id in idsets.members(ids, segment_ids):
                    found[segment_id].append(s)
            return found

        return ordered, sides_of, hashed

    def _containing(self, toks: list[str], side: Side, *, verify: bool = True
                    ) -> tuple[IdList, bool]:
        """Ids of the segments whose ``side`` holds the tokens (sorted), and whether that is
        exact (else it is exact but for a hash collision: only when ``verify`` is off, for a
        word or a pair)."""
        keys, pairs = query_grams(" ".join(toks))
        grams = pairs or keys
        if len(toks) > 2 and self.postings.pages_by_chunk:  # (candidates checked below)
            ids = self._few_holding(side, sorted(set(grams)))
        else:
            ids = _intersection(self.postings.ids_of_all(side, sorted(set(grams))))
        if len(toks) <= 2:
            if all(map(is_exact, grams)):  # Han characters and their pairs: no collisions
                return ids, True
            if not verify:
                return ids, False
        rows = list(self.store.texts(ids.tolist(), side.column))
        kept = [i for (i, _, _), holds in zip(rows, holding_run([t for _, t, _ in rows], toks),
                                              strict=True) if holds]
        return idsets.of_sorted(sorted(kept)), True


def _hits(page: list[tuple[Segment, Side]], phrase: str) -> list[ConcordanceHit]:
    """The hits of a page of (segment, the side that holds the phrase), highlighted."""
    spans = highlights([side_text(seg, where) for seg, where in page], phrase)
    return [ConcordanceHit(seg, where.column, found)
            for (seg, where), found in zip(page, spans, strict=True)]


def _intersection(lists: list[IdList]) -> IdList:
    """The ids in all of ``lists``, shortest first."""
    lists = sorted(lists, key=len)
    ids = lists[0] if lists else idsets.empty()
    for more in lists[1:]:
        if not len(ids):
            break
        ids = idsets.intersection(ids, more)
    return ids


def _one_exact_gram(toks: list[str]) -> int | None:
    """The gram of a phrase of one Han character or one pair of them (its postings are exact:
    they are its hits), else None."""
    if len(toks) > 2:
        return None
    keys, pairs = query_grams(" ".join(toks))
    grams = set(pairs or keys)
    if len(grams) != 1:
        return None
    (gram,) = grams
    return gram if is_exact(gram) else None


def _found_in(seg: Segment, sides: list[Side], hashed: set[Side], toks: list[str]
              ) -> Side | None:
    """The first side of ``seg`` that really holds the phrase (its tokens ``toks``), or None."""
    for s in sides:
        if s not in hashed or holding_run([side_text(seg, s)], toks)[0]:
            return s
    return None


def highlight(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where ``phrase`` occurs in ``text`` (folded the way the index folds)."""
    return highlights([text], phrase)[0]


def highlights(texts: list[str], phrase: str) -> list[list[tuple[int, int]]]:
    """:func:`highlight` of each of ``texts`` (a page of hits: their Traditional →
    Simplified in one OpenCC call)."""
    key = _folded(phrase)
    return [_spans(normalize_zh_for_terms(text, simplified), key)
            for text, simplified in zip(texts, to_simplified_all(texts), strict=True)]


def _spans(normalized: tuple[str, Sequence[int]], key: str) -> list[tuple[int, int]]:
    norm, offsets = normalized
    spans = []
    start = norm.find(key) if key else -1
    while start >= 0:
        end = start + len(key)
        spans.append((offsets[start], offsets[end - 1] + 1))
        start = norm.find(key, end)
    return spans


@lru_cache(maxsize=64)
def _folded(phrase: str) -> str:
    """The phrase folded as the texts are (once per search, not once per hit)."""
    return normalize_zh_for_terms(phrase)[0]

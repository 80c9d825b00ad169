"""Exact and fuzzy TM matches.

Candidates come from the bigram postings with an exact q-gram filter (performance notes §4 i):
d token edits destroy at most 2·d of the query's distinct bigrams, so a segment s can reach the
minimum score θ only if it shares at least |G(q)| − 2·⌊(1 − θ)·max(|q|, |s|)⌋ of them and its
length lies in [θ·|q|, |q|/θ]. Every segment that passes is reranked with rapidfuzz. Nothing is
scanned per segment; where the bound says nothing (very short queries) the candidates are the
segments that share a token or bigram, capped at the best MAX_CANDIDATES by shared grams.
"""

from __future__ import annotations

import math

import numpy as np

from ..index.keys import Side, query_grams, tokens, tokens_of_all
from ..index.reader import Postings
from . import scoring

MAX_CANDIDATES = 1000


def candidates(postings: Postings, query: str, side: Side, min_score: int) -> list[int]:
    """Segment ids whose ``side`` may score at least ``min_score`` against ``query``."""
    toks, pairs = query_grams(query)
    if not toks:
        return []
    theta = min_score / 100.0
    grams = sorted(set(pairs)) or sorted(set(toks))
    lists = postings.ids_of(side, grams)
    lists = [ids for ids in lists if len(ids)]
    if not lists:
        return []
    counts = np.bincount(np.concatenate(lists), minlength=postings.max_id + 1)
    # The bound at the longest length the window allows: no segment needs fewer shared grams.
    longest_allowed = math.ceil(len(toks) / theta)
    floor_need = max(1, len(grams) - 2 * math.floor((1.0 - theta) * longest_allowed + 1e-9))
    ids = np.nonzero(counts >= floor_need)[0]
    lengths = postings.lengths[side][ids]
    qlen = len(toks)
    longest = np.maximum(lengths, qlen)
    max_edits = np.floor((1.0 - theta) * longest + 1e-9)
    need = np.maximum(len(grams) - 2 * max_edits, 1)
    keep = (counts[ids] >= need) & (lengths >= np.floor(theta * qlen)) & (
        lengths <= np.ceil(qlen / theta))
    ids = ids[keep]
    if len(ids) > MAX_CANDIDATES:
        best = np.argpartition(-counts[ids], MAX_CANDIDATES)[:MAX_CANDIDATES]
        ids = ids[best]
    return ids.tolist()


def rank(query: str, texts: dict[int, str], min_score: int) -> list[tuple[int, int]]:
    """(segment id, score) of the texts scoring at least ``min_score``, best first."""
    qtoks = tokens(query)
    scored = []
    for (seg_id, text), toks in zip(texts.items(), tokens_of_all(list(texts.values())),
                                    strict=True):
        value = scoring.score(query, text, qtoks, toks)
        if value >= min_score:
            scored.append((seg_id, value))
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored

"""The reference a fuzzy lookup is measured against: every stored source scored against the
query, no index (issue #21: top-5 recall ≥ 0.99 against brute force).

Tokens (index/keys.py) are mapped to one character each, so rapidfuzz computes the token-level
Levenshtein distance of a query against all sources in one ``cdist`` call; the 50 best by that
similarity are rescored with the user-visible score (100/99/≤98) and the five best kept.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tm_tool.index.keys import Side, tokens, tokens_of_all
from tm_tool.index.reader import Postings
from tm_tool.lookup.matches import TmMatches
from tm_tool.lookup.scoring import score
from tm_tool.store import Store

RESCORED = 50
SURROGATES = 0xD800


class Encoder:
    """Token → one character (private to this run), skipping the surrogate range."""

    def __init__(self) -> None:
        self._codes: dict[str, str] = {}

    def __call__(self, toks: list[str]) -> str:
        out = []
        for tok in toks:
            char = self._codes.get(tok)
            if char is None:
                code = len(self._codes) + 0x100
                char = chr(code if code < SURROGATES else code + 0x800)
                self._codes[tok] = char
            out.append(char)
        return "".join(out)


def _sources(store: Store) -> tuple[list[int], list[str]]:
    ids, texts = [], []
    for seg_id, source in store.conn.execute(
            "SELECT id, source FROM segments WHERE trim(target) != '' ORDER BY id"):
        ids.append(seg_id)
        texts.append(source)
    return ids, texts


def brute_top5(query: str, encode: Encoder, encoded: list[str], lengths: np.ndarray,
               texts: list[str], min_score: int) -> list[int]:
    query_tokens = tokens(query)
    distances = process.cdist([encode(query_tokens)], encoded, scorer=Levenshtein.distance,
                              dtype=np.int32, workers=-1)[0]
    longest = np.maximum(lengths, len(query_tokens))
    similarity = 100 * (longest - distances) / np.maximum(longest, 1)
    best = np.argpartition(-similarity, RESCORED)[:RESCORED]
    scores = sorted((score(query, texts[i], query_tokens, tokens(texts[i])) for i in best),
                    reverse=True)
    return [value for value in scores if value >= min_score][:5]


def fuzzy_recall(db: str, queries_path: str, count: int = 50, min_score: int = 70) -> dict:
    """Of the brute-force top-5 scores of ``count`` bench queries, the share the lookup gives
    (as multisets of scores: equal scores are interchangeable)."""
    queries = [q["query"] for q in json.loads(Path(queries_path).read_text("utf-8"))["fuzzy"]]
    store = Store.open(db)
    ids, texts = _sources(store)
    encode = Encoder()
    encoded, lengths = [], np.empty(len(texts), dtype=np.int64)
    for start in range(0, len(texts), 50_000):
        for at, toks in enumerate(tokens_of_all(texts[start:start + 50_000]), start):
            encoded.append(encode(toks))
            lengths[at] = len(toks)
    matches = TmMatches(store, Postings(store.conn))  # (no term demotion: scores only)
    wanted = found = 0
    for query in queries[:count]:
        reference = Counter(brute_top5(query, encode, encoded, lengths, texts, min_score))
        got = [m.score for m in matches._matches_on(Side.SOURCE, query, "zh", min_score, 5,
                                                     None)]
        shown = Counter(sorted(got, reverse=True)[:5])
        wanted += sum(reference.values())
        found += sum((reference & shown).values())
    return {"queries": min(count, len(queries)), "segments": len(ids),
            "recall_top5_brute": round(found / wanted, 4) if wanted else None}


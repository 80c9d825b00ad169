"""Fuzzy lookup finds what scoring every stored segment finds (the index's filter and its
early stop lose nothing), on a memory dense with near neighbours."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from tm_tool.index.keys import tokens
from tm_tool.lookup import Lookup
from tm_tool.lookup.scoring import score
from tm_tool.model import Segment
from tm_tool.store import Store

CORPUS = Path(__file__).parent.parent / "corpus" / "dongguan-10th-plenary.tsv"


def _corpus_pairs() -> list[tuple[str, str]]:
    with CORPUS.open(encoding="utf-8") as handle:
        return [(row["zh"], row["en"]) for row in csv.DictReader(handle, delimiter="\t")]


def _mutated(text: str, rng: random.Random, alphabet: str, edits: int) -> str:
    chars = list(text)
    for _ in range(edits):
        at = rng.randrange(len(chars) + 1)
        kind = rng.random()
        if kind < 0.4 and at < len(chars):
            chars[at] = rng.choice(alphabet)
        elif kind < 0.7 and at < len(chars):
            del chars[at]
        else:
            chars.insert(at, rng.choice(alphabet))
    return "".join(chars)


@pytest.fixture(scope="module")
def dense_memory(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Every corpus sentence with 6 variants of 1–6 character edits: many candidates per
    query, most of them near the thresholds."""
    rng = random.Random(20261202)
    pairs = _corpus_pairs()
    alphabet = "".join(sorted({ch for zh, _ in pairs for ch in zh}))
    segments = []
    for zh, en in pairs:
        for variant in range(7):
            text = zh if variant == 0 else _mutated(zh, rng, alphabet, variant)
            segments.append(Segment(text, en, "zh-CN", "en", position=len(segments) + 1))
    path = tmp_path_factory.mktemp("recall") / "tm.db"
    with Store.open(path, create=True) as store:
        store.import_segments(segments, origin="variants")
    queries = [_mutated(zh, rng, alphabet, rng.randint(1, 8)) for zh, _ in rng.sample(pairs, 60)]
    return path, queries


def _brute_force(stored: list[Segment], query: str, min_score: int, limit: int) -> list[int]:
    query_tokens = tokens(query)
    scores = sorted((score(query, seg.source, query_tokens, tokens(seg.source))
                     for seg in stored if seg.target.strip()), reverse=True)
    return [value for value in scores if value >= min_score][:limit]


@pytest.mark.parametrize("min_score", [50, 75])
def test_the_best_five_scores_equal_a_brute_force_scan(dense_memory, min_score: int) -> None:
    path, queries = dense_memory
    with Store.open(path) as store:
        stored = list(store.iter_segments())
        lookup = Lookup(store)
        for query in queries:
            found = lookup.matches(query, min_score=min_score, limit=5)
            # identical segments are shown once with their count: expand before comparing
            shown = [match.score for match in found for _ in range(1 + match.duplicates)]
            assert shown[:5] == _brute_force(stored, query, min_score, 5), query

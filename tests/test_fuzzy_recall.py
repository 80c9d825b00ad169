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


@pytest.mark.parametrize("min_score", [30, 50, 75])
def test_the_best_five_scores_equal_a_brute_force_scan(dense_memory, min_score: int) -> None:
    """(30: below half, where a longer segment may miss the most grams: the filter's
    bound there is the q-gram lemma's, not the length window's alone)"""
    path, queries = dense_memory
    with Store.open(path) as store:
        stored = list(store.iter_segments())
        lookup = Lookup(store)
        for query in queries:
            found = lookup.matches(query, min_score=min_score, limit=5)
            # identical segments are shown once with their count: expand before comparing
            shown = [match.score for match in found for _ in range(1 + match.duplicates)]
            assert shown[:5] == _brute_force(stored, query, min_score, 5), query


def test_scores_stay_exact_when_the_words_outnumber_the_token_characters(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Candidates are compared as token strings, one private-use character per word; when a
    lookup's words run out of characters (here after two), it compares token lists instead,
    the query's too, and the scores are the same."""
    from tm_tool.index.keys import TokenStrings

    texts = ["落实1310具体部署。", *(f"落实{n}具体部署" for n in range(1311, 1320))]
    with Store.open(tmp_path / "tm.db", create=True) as store:
        store.import_segments([Segment(t, "Implement the plan", "zh-CN", "en", position=i)
                               for i, t in enumerate(texts, 1)], origin="plan")
        query = "落实“1310”具体部署"
        expected = [m.score for m in Lookup(store).matches(query, min_score=50, limit=5)]
        monkeypatch.setattr(TokenStrings, "_LAST", TokenStrings._FIRST + 1)
        found = [m.score for m in Lookup(store).matches(query, min_score=50, limit=5)]
    assert expected == [99, 85, 85, 85, 85]  # (punctuation only: 99; one word edited)
    assert found == expected

"""A fuzzy lookup that reads only its rarest grams' lists and counts its candidates' other
grams in their texts (lookup/fuzzy.py FromRarestLists, PostgreSQL's way) gives out the same
candidates in the same order as one that reads every list (SQLite's), hence the same matches."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from test_fuzzy_recall import _corpus_pairs, _mutated

from tm_tool.index.keys import Side
from tm_tool.lookup import Lookup, fuzzy
from tm_tool.model import Segment
from tm_tool.store import Store

Texts = Callable[[list[int]], dict[int, str]]


def _mixed_memory(where: str) -> list[str]:
    """The corpus's sentences with 6 variants each among 3,000 pieces of its sentences (its
    common bigrams in hundreds of segments, its rare ones in a few), imported into ``where``
    (a file or a PostgreSQL URL); queries near the sentences, and pieces of them."""
    rng = random.Random(20261203)
    pairs = _corpus_pairs()
    alphabet = "".join(sorted({ch for zh, _ in pairs for ch in zh}))
    texts = []
    for _ in range(3000):
        zh = rng.choice(pairs)[0]
        start = rng.randrange(max(1, len(zh) - 8))
        texts.append(_mutated(zh[start:start + rng.randint(8, 40)], rng, alphabet, 2))
    for zh, _ in pairs:
        at = rng.randrange(len(texts))
        texts[at:at] = [zh] + [_mutated(zh, rng, alphabet, edits) for edits in range(1, 7)]
    with Store.open(where, create=True) as store:
        store.import_segments([Segment(text, "x", "zh-CN", "en", position=i)
                               for i, text in enumerate(texts, 1)], origin="mixed")
    queries = [_mutated(zh, rng, alphabet, rng.randint(1, 8)) for zh, _ in rng.sample(pairs, 30)]
    return queries + [zh[:rng.randint(3, 12)] for zh, _ in rng.sample(pairs, 10)]


def _texts_of(store: Store) -> Texts:
    return lambda ids: {seg_id: text for seg_id, text, _ in store.texts(ids, "source")}


def _given(store: Store, query: str, min_score: int, *, rarest: bool,
           texts: Texts | None = None) -> list[int]:
    """Every candidate id a lookup of ``query`` gives out, in order."""
    postings = store.postings()
    postings.reads_rarest_lists = rarest  # type: ignore[misc]
    found = fuzzy.candidates(postings, query, Side.SOURCE, min_score,
                             texts or _texts_of(store))
    assert isinstance(found, fuzzy.FromRarestLists) == rarest
    given: list[int] = []
    while ids := found.take(7):
        given += ids
    return given


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    path = str(tmp_path_factory.mktemp("rarest") / "tm.db")
    return path, _mixed_memory(path)


# (texts cheap: the fewest lists read and the most texts counted; texts dear: every list read)
COSTS = [(1, 0), (fuzzy.TEXT_COST, fuzzy.STATEMENT_COST), (10**9, 0)]


@pytest.mark.parametrize(("text_cost", "statement_cost"), COSTS)
@pytest.mark.parametrize("min_score", [50, 70, 85])
def test_the_rarest_lists_give_the_candidates_of_every_list(
        mixed: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch, min_score: int,
        text_cost: int, statement_cost: int) -> None:
    path, queries = mixed
    monkeypatch.setattr(fuzzy, "TEXT_COST", text_cost)
    monkeypatch.setattr(fuzzy, "STATEMENT_COST", statement_cost)
    counted: list[int] = []
    real = fuzzy.FromRarestLists._grams_in_texts
    monkeypatch.setattr(fuzzy.FromRarestLists, "_grams_in_texts",
                        lambda self, ids: counted.append(len(ids)) or real(self, ids))
    found = 0
    with Store.open(path) as store:
        for query in queries:
            expected = _given(store, query, min_score, rarest=False)
            assert _given(store, query, min_score, rarest=True) == expected, query
            found += bool(expected)
    assert found > len(queries) // 2  # (most queries have candidates)
    if text_cost == 1 and min_score > 50:  # (the path under test was taken: lists left
        # unread, texts counted; at 50 most queries need every list)
        assert sum(counted) > len(queries)


def test_texts_counted_in_several_batches_give_the_same_candidates(
        mixed: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A lookup whose candidates' texts exceed one batch (batch_grams numbers its texts in
    16 bits: at 10M segments a common query can leave more) counts them batch by batch with
    the same result: here batches of 3 texts against reading every list."""
    path, queries = mixed
    monkeypatch.setattr(fuzzy, "TEXT_COST", 1)
    monkeypatch.setattr(fuzzy, "STATEMENT_COST", 0)
    monkeypatch.setattr(fuzzy, "TEXTS_AT_ONCE", 3)
    with Store.open(path) as store:
        for query in queries:
            assert (_given(store, query, 70, rarest=True)
                    == _given(store, query, 70, rarest=False)), query


def test_a_wrong_count_in_the_texts_changes_the_candidates(
        mixed: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above sees a wrong count: a text read as another's (the counts of
    two segments swapped) changes what some lookups give out."""
    path, queries = mixed
    monkeypatch.setattr(fuzzy, "TEXT_COST", 1)
    monkeypatch.setattr(fuzzy, "STATEMENT_COST", 0)
    with Store.open(path) as store:
        right = _texts_of(store)

        def swapped(ids: list[int]) -> dict[int, str]:
            texts = right(ids)
            if len(ids) > 1:
                texts[ids[0]], texts[ids[1]] = texts.get(ids[1], ""), texts.get(ids[0], "")
            return texts

        differ = [query for query in queries if _given(store, query, 70, rarest=True,
                                                       texts=swapped)
                  != _given(store, query, 70, rarest=False)]
    assert differ


@pytest.mark.interop
def test_postgresql_gives_the_candidates_and_matches_of_sqlite(
        pg_url: str, tmp_path: Path) -> None:
    """PostgreSQL (which reads the rarest lists) and SQLite (every list) on the same memory:
    the same candidates in the same order, the same matches and scores."""
    path = str(tmp_path / "tm.db")
    queries = _mixed_memory(path)
    assert _mixed_memory(pg_url) == queries
    with Store.open(path) as sqlite, Store.open(pg_url) as pg:
        assert pg.postings().reads_rarest_lists and not sqlite.postings().reads_rarest_lists
        for min_score in (50, 70):
            for query in queries:
                assert _given(pg, query, min_score, rarest=True) == _given(
                    sqlite, query, min_score, rarest=False), query
                assert [(m.segment_id, m.score) for m in Lookup(pg).matches(
                    query, min_score=min_score)] == [(m.segment_id, m.score) for m in Lookup(
                        sqlite).matches(query, min_score=min_score)], query

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
    path = tmp_path_factory.mktemp("recall") / "tm.db"
    return path, _variants(path)


def _brute_force(stored: list[Segment], query: str, min_score: int, limit: int) -> list[int]:
    query_tokens = tokens(query)
    scores = sorted((score(query, seg.source, query_tokens, tokens(seg.source))
                     for seg in stored if seg.target.strip()), reverse=True)
    return [value for value in scores if value >= min_score][:limit]


def _variants(path: Path | str, batch_size: int | None = None) -> list[str]:
    """The dense memory's segments imported into ``path`` (a file or a PostgreSQL URL);
    its queries."""
    rng = random.Random(20261202)
    pairs = _corpus_pairs()
    alphabet = "".join(sorted({ch for zh, _ in pairs for ch in zh}))
    segments = []
    for zh, en in pairs:
        for variant in range(7):
            text = zh if variant == 0 else _mutated(zh, rng, alphabet, variant)
            segments.append(Segment(text, en, "zh-CN", "en", position=len(segments) + 1))
    with Store.open(path, create=True) as store:
        store.import_segments(segments, origin="variants",
                              **({"batch_size": batch_size} if batch_size else {}))
    return [_mutated(zh, rng, alphabet, rng.randint(1, 8)) for zh, _ in rng.sample(pairs, 60)]


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


def _chunked(where: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Variants of 20 corpus sentences among 2,000 strings of the corpus's characters, in
    some 200 index chunks (a flush per few segments, none merged): a query's candidates are
    few and in few chunks, its longest lists in every chunk. Its queries."""
    from tm_tool.index import writer
    from tm_tool.store import ingest

    monkeypatch.setattr(ingest, "FLUSH_ENTRIES", 600)
    monkeypatch.setattr(writer, "FLUSH_ENTRIES", 600)
    rng = random.Random(20261203)
    pairs = _corpus_pairs()[:20]
    alphabet = "".join(sorted({ch for zh, _ in _corpus_pairs() for ch in zh}))
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(10, 40)))
             for _ in range(2000)]
    for zh, _ in pairs:
        at = rng.randrange(len(texts))
        texts[at:at] = [zh] + [_mutated(zh, rng, alphabet, edits) for edits in range(1, 7)]
    with Store.open(where, create=True) as store:
        store.import_segments([Segment(t, "x", "zh-CN", "en", position=i)
                               for i, t in enumerate(texts, 1)], origin="mixed", batch_size=20)
    return [_mutated(zh, rng, alphabet, rng.randint(1, 8)) for zh, _ in pairs]


def _matches_read_by_chunk_are_those_of_whole_lists(where: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    queries = _chunked(where, monkeypatch)
    with Store.open(where) as store:
        reader = type(store.postings())
        assert store.conn.execute("SELECT count(*) FROM search_chunks").fetchone()[0] > 100
        read_by_chunk = []
        ids_within = reader.ids_within  # (the backend's own)
        monkeypatch.setattr(reader, "ids_within", lambda self, *args: read_by_chunk.append(
            args) or ids_within(self, *args))
        monkeypatch.setattr(reader, "pages_by_chunk", True)
        paged = [[(m.segment_id, m.score) for m in Lookup(store).matches(q, min_score=70)]
                 for q in queries]
        # (the longest lists of many lookups read in a few chunks only)
        assert len(read_by_chunk) > len(queries) // 4, len(read_by_chunk)
        monkeypatch.setattr(reader, "pages_by_chunk", False)
        whole = [[(m.segment_id, m.score) for m in Lookup(store).matches(q, min_score=70)]
                 for q in queries]
    assert paged == whole


def test_matches_read_by_chunk_are_those_of_whole_lists(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the reader reads by chunk (a server: PostgreSQL), a lookup reads its longest
    lists only in its candidates' chunks; its matches are those of reading every list."""
    _matches_read_by_chunk_are_those_of_whole_lists(str(tmp_path / "tm.db"), monkeypatch)


@pytest.mark.interop
def test_matches_read_by_chunk_on_postgresql(pg_url: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _matches_read_by_chunk_are_those_of_whole_lists(pg_url, monkeypatch)

"""The search index: its keys, its rows, and that imports of every kind index the same."""

from __future__ import annotations

import itertools
import os
import sqlite3
from array import array
from pathlib import Path

import numpy as np
import pytest
from conftest import run_tm
from hypothesis import given, settings
from hypothesis import strategies as st

from tm_tool.index import keys
from tm_tool.index.keys import (
    Side,
    batch_grams,
    chunk_of_gram_row,
    chunk_of_row,
    gram_key,
    gram_range,
    holding_run,
    is_exact,
    is_han_key,
    pair_key,
    query_grams,
    row_key,
    side_gram,
    split_side_gram,
    tokens,
)
from tm_tool.lookup import Lookup
from tm_tool.model import Segment
from tm_tool.store import Store, ingest, schema


def seg(source: str, target: str, position: int | None = None) -> Segment:
    return Segment(source=source, target=target, source_lang="zh-CN", target_lang="en",
                   position=position)


# --- keys ---------------------------------------------------------------------------------

def test_han_characters_and_their_pairs_have_exact_keys_and_words_hashed_ones() -> None:
    toks, pairs = query_grams("高质量 development")
    assert toks[:3] == [ord("高"), ord("质"), ord("量")] and all(map(is_han_key, toks[:3]))
    assert not is_han_key(toks[3])  # a word: hashed
    assert pairs == [pair_key(toks[0], toks[1]), pair_key(toks[1], toks[2]),
                     pair_key(toks[2], toks[3])]
    assert [is_exact(k) for k in toks] == [True, True, True, False]
    assert [is_exact(k) for k in pairs] == [True, True, False]  # a pair with a word: hashed
    assert pair_key(toks[0], toks[1]) != pair_key(toks[1], toks[0])


def test_the_index_and_a_query_key_a_text_alike() -> None:
    """An import keys texts in batches (vectorised), a query one at a time: the same grams."""
    texts = ["推动高质量发展。", "Promote high-quality development, round 17.", "第17次推进",
             "", "𠀀𠀁 好"]
    local, grams, lengths = batch_grams(texts)
    for i, text in enumerate(texts):
        toks, pairs = query_grams(text)
        assert sorted(grams[local == i].tolist()) == sorted(set(toks + pairs)), text
        assert lengths[i] == len(tokens(text))


def test_a_query_keys_every_real_line_as_the_index_does(shared: Path) -> None:
    """query_grams keys one text in plain Python, batch_grams a batch with NumPy: a key
    that differed would make concordance and fuzzy lookup miss what the index holds. Every
    line of the aligned real-world files (both languages), and the hard cases: full-width
    forms, Traditional, astral Han, underscores, combining marks, digits inside words."""
    root = shared / "realworld" / "align"
    texts = sorted({line for path in sorted(root.glob("**/*")) if path.suffix in (".zh", ".en")
                    for line in path.read_text("utf-8", errors="replace").splitlines()})
    assert len(texts) > 1000
    texts += ["ＡＢＣ１２３ 全角", "兩個確立", "𠀀𠀁好", "snake_case_word", "café cafe\u0301",
              "COVID-19 H1N1 5G", "二〇二五年", "ﬁnance Ⅻ ½", "İstanbul ß", "x", "\u3000"]
    for start in range(0, len(texts), 500):
        batch = texts[start:start + 500]
        local, grams, _ = batch_grams(batch)
        for i, text in enumerate(batch):
            toks, pairs = query_grams(text)
            assert sorted(grams[local == i].tolist()) == sorted(set(toks + pairs)), text


def _holds_by_tokens(text: str, toks: list[str]) -> bool:
    """The reference: the run ``toks`` among the text's tokens."""
    have = tokens(text)
    return any(have[i:i + len(toks)] == toks for i in range(len(have) - len(toks) + 1))


# Letters, digits, the underscore, gaps, Han (Simplified, Traditional, astral, an unassigned
# code point of a Han block), full-width forms, ß (case-folded to two letters), apostrophes.
_RUN_ALPHABET = "aab1_ -'’.中国國𠀀\ufa6eＡß"


@given(st.text(alphabet=_RUN_ALPHABET, max_size=14), st.text(alphabet=_RUN_ALPHABET,
                                                            min_size=1, max_size=5))
@settings(max_examples=3000, deadline=None)
def test_a_phrase_run_is_found_exactly_where_the_tokens_hold_it(text: str, phrase: str) -> None:
    """Concordance checks a phrase of several words against its candidates' texts with
    keys.holding_run (a regex, not the tokenizer): it must agree with the tokens, at word
    edges ("bathe earth" does not hold "the earth"), with a later place after a false one
    ("xa a a" holds "a a"), and under the folding (Ａ, 國, ß)."""
    for toks in (tokens(phrase), tokens(text)[1:3]):
        if toks:
            assert holding_run([text], toks) == [_holds_by_tokens(text, toks)], (text, toks)


def test_a_phrase_run_is_found_in_real_lines_where_the_tokens_hold_it(shared: Path) -> None:
    """The same, on the aligned real-world lines, for runs of two and three of their tokens
    and for the same runs moved to another line."""
    root = shared / "realworld" / "align"
    texts = sorted({line for path in sorted(root.glob("**/*")) if path.suffix in (".zh", ".en")
                    for line in path.read_text("utf-8", errors="replace").splitlines()})[:3000]
    checked = 0
    for k, text in enumerate(texts):
        toks = tokens(text)
        for run in (toks[2:4], toks[-3:], tokens(texts[k - 1])[:2]):
            if run:
                assert holding_run([text], run) == [_holds_by_tokens(text, run)], (text, run)
                checked += 1
    assert checked > 5000


def test_row_keys_give_their_chunk_and_side_back() -> None:
    gram = query_grams("发展")[1][0]
    for chunk, side in itertools.product((1, 7, 5000), Side):
        assert chunk_of_row(row_key(chunk, side, 12345)) == chunk
        assert chunk_of_gram_row(gram_key(chunk, side, gram)) == chunk
        low, high = gram_range(side, gram)
        assert low <= gram_key(chunk, side, gram) <= high
        assert split_side_gram(side_gram(side, gram)) == (side, gram)


def test_a_side_names_its_columns() -> None:
    assert [(s, s.column, s.lang_column) for s in Side] == [
        (0, "source", "source_lang"), (1, "target", "target_lang")]
    assert Side.named("target") is Side.TARGET


def test_an_extension_b_character_is_found_as_a_character(tmp_path: Path) -> None:
    """Characters beyond the BMP (Extension B and later: names, dialects) are keyed like any
    Han character: a concordance finds one alone and a pair of them exactly."""
    with Store.open(tmp_path / "tm.db", create=True) as store:
        store.import_segments([seg("𠀀𠀁村的路", "The road of the village", 1),
                               seg("𠀁𠀀相反", "The other way round", 2)], origin="doc")
        lookup = Lookup(store)
        assert lookup.concordance("𠀀").total == 2
        assert [h.segment.position for h in lookup.concordance("𠀀𠀁").hits] == [1]
        assert lookup.concordance("𠀀𠀁").hits[0].spans == [(0, 2)]


# --- imports and the index ----------------------------------------------------------------

TM = [("推动高质量发展。", "Promote high-quality development."),
      ("坚决做到“两个维护”。", "Resolutely uphold the “Two Safeguards”."),
      ("稳步扩大高水平对外开放。", "Steadily advance high-level opening up.")]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "tm.db"
    with Store.open(path, create=True) as store:
        store.import_segments([seg(s, t, i) for i, (s, t) in enumerate(TM, 1)], origin="doc")
    return path


def test_segments_imported_later_are_found(db: Path, tmp_path: Path) -> None:
    extra = tmp_path / "more.tsv"
    extra.write_text("id\tzh\ten\n1\t建设现代化人民城市。\tBuild a modern people-centered city.\n",
                     encoding="utf-8")
    assert run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", extra).exit_code == 0
    with Store.open(db) as store:
        lookup = Lookup(store)
        assert lookup.matches("建设现代化人民城市。")[0].score == 100
        assert lookup.concordance("人民").total == 1
        assert lookup.concordance("发展").total == 1  # postings of both imports
        assert lookup.concordance("城市").total == 1


def old_database(path: Path, version: int, source: str, target: str) -> Path:
    """A database left at an older schema version, holding one segment."""
    conn = sqlite3.connect(path, isolation_level=None)
    schema.apply(conn, 0, upto=version)
    conn.execute(
        "INSERT INTO segments (source, target, source_lang, target_lang, source_key_hash, "
        "target_key_hash, created_at, changed_at, dedup_key) "
        "VALUES (?, ?, 'zh-CN', 'en', 1, 2, 'x', 'x', x'01')", (source, target))
    conn.close()
    return path


def test_a_version_1_database_gets_its_index_on_migration(tmp_path: Path) -> None:
    path = old_database(tmp_path / "v1.db", 1, "坚定拥护两个确立。",
                        "Firmly uphold the Two Establishments.")
    with Store.open(path) as store:
        lookup = Lookup(store)
        assert lookup.concordance("两个").total == 1
        assert lookup.matches("坚定拥护两个确立。")[0].score == 100


def test_a_version_2_database_gets_the_bucketed_index(tmp_path: Path) -> None:
    """Version 2 kept a row per gram (search_postings); version 3 replaces it."""
    path = old_database(tmp_path / "v2.db", 2, "推进高质量发展。",
                        "Advance high-quality development.")
    with Store.open(path) as store:
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert "search_postings" not in tables and "search_buckets" in tables
        lookup = Lookup(store)
        assert lookup.concordance("质量").total == 1
        assert lookup.concordance("high-quality").total == 1
        assert lookup.matches("推动高质量发展。")[0].score == 85


_PID_LOG: Path | None = None  # where _logged_derive notes the process it ran in
_DERIVE = ingest.derive


def _logged_derive(batch: int, *args):
    assert _PID_LOG is not None
    with _PID_LOG.open("a") as log:
        log.write(f"{os.getpid()}\n")
    return _DERIVE(batch, *args)


def _count(store: Store, table: str) -> int:
    return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# name: (batch size, OWN_ROW_AT, FLUSH_ENTRIES)
_VARIANTS = {"inline": (1000, 10**9, 10**9), "worker": (10, 10**9, 10**9),
             "own rows": (1000, 1, 10**9), "chunks": (10, 10**9, 300)}


def test_an_import_through_the_worker_process_stores_and_indexes_the_same(
        tmp_path: Path, monkeypatch) -> None:
    """Large imports hash and tokenise in a worker process (after a few batches); with small
    batches a small import takes that path too, re-imports included (ids then skip). The index
    keeps frequent grams in rows of their own and rare ones in bucket rows, and the worker
    sends the rows of each flush (chunk) back while the import goes on: all give the same
    answers, and each variant is seen to take its path."""
    from tm_tool.index import writer

    global _PID_LOG
    texts = [(f"第{i}次推进高质量发展。", f"Advance high-quality development, round {i}.")
             for i in range(1, 121)]
    segments = [seg(s, t, i) for i, (s, t) in enumerate(texts, 1)]
    monkeypatch.setattr(ingest, "derive", _logged_derive)
    results = {}
    for name, (batch, own_row_at, flush_at) in _VARIANTS.items():
        _PID_LOG = tmp_path / f"{name}.pids"
        # (TM_WORKERS forces the path, on one CPU too: see tm_tool/parallel.py)
        monkeypatch.setenv("TM_WORKERS", "2" if name == "worker" else "1")
        monkeypatch.setattr(keys, "OWN_ROW_AT", own_row_at)
        monkeypatch.setattr(ingest, "FLUSH_ENTRIES", flush_at)
        monkeypatch.setattr(writer, "FLUSH_ENTRIES", flush_at)  # (chunks merge up to this)
        with Store.open(tmp_path / f"{name}.db", create=True) as store:
            store.import_segments(segments[:60], origin="doc", batch_size=batch)
            # a re-import overlapping the first: duplicates are skipped inside batches
            second = store.import_segments(segments, origin="doc", batch_size=batch)
            lookup = Lookup(store)
            # the second import's chunk is merged into the first's, unless they are full
            assert (_count(store, "search_chunks") > 10) == (name == "chunks")
            if name != "chunks":
                assert _count(store, "search_chunks") == 1
            assert (_count(store, "search_grams") > 0) == (name == "own rows")
            pids = set(_PID_LOG.read_text().split())
            assert (pids != {str(os.getpid())}) == (name == "worker"), name
            results[name] = (
                second.added, second.duplicates,
                store.conn.execute("SELECT id, source_key_hash, target_key_hash FROM segments "
                                   "ORDER BY id").fetchall(),
                lookup.concordance("发展").total, lookup.concordance("round").total,
                # (ties at 90 rank newest first, and the two imports may fall in two seconds)
                [(m.score, m.source if m.score == 100 else "")
                 for m in lookup.matches("第77次推进高质量发展。")])
    assert results["worker"] == results["inline"] == results["own rows"] == results["chunks"]
    assert results["worker"][:2] == (60, 60)
    assert results["worker"][3:5] == (120, 120)
    assert results["worker"][5][0] == (100, "第77次推进高质量发展。")


def test_small_imports_one_at_a_time_are_merged_into_few_chunks(tmp_path: Path) -> None:
    """Every import ends with a chunk; the newest chunks are merged while small, so 40
    one-document imports leave a handful, with no rows of merged chunks left behind."""
    with Store.open(tmp_path / "tm.db", create=True) as store:
        for d in range(1, 41):
            document = [seg(f"第{d}篇第{i}段：推进高质量发展。", f"Doc {d}, part {i}.", i)
                        for i in range(1, 6)]
            store.import_segments(document, origin=f"doc{d}")
        chunks = store.conn.execute("SELECT chunk, first_id, last_id FROM search_chunks "
                                    "ORDER BY chunk").fetchall()
        assert len(chunks) <= 6  # log2(40) + 1
        assert chunks[0][1] == 1 and chunks[-1][2] == 200  # the chunks cover every segment
        assert all(a[2] + 1 == b[1] for a, b in itertools.pairwise(chunks))
        numbers = {c for c, _, _ in chunks}
        orphans = [key for (key,) in store.conn.execute("SELECT key FROM search_buckets")
                   if chunk_of_row(key) not in numbers]
        orphans += [key for (key,) in store.conn.execute("SELECT key FROM search_grams")
                    if chunk_of_gram_row(key) not in numbers]
        assert orphans == []
        lookup = Lookup(store)
        assert lookup.concordance("推进高质量发展").total == 200
        assert lookup.concordance("第17篇").total == 5
        assert lookup.concordance("part 3", side="target").total == 40
        best = lookup.matches("第23篇第4段：推进高质量发展！")[0]
        assert (best.source, best.target) == ("第23篇第4段：推进高质量发展。", "Doc 23, part 4.")


def test_postings_of_a_gram_come_back_sorted_from_every_chunk(tmp_path: Path,
                                                              monkeypatch) -> None:
    """A gram's ids are read from its own rows in chunks where it is frequent and from its
    bucket's rows elsewhere, in id order."""
    from tm_tool.index import writer

    monkeypatch.setattr(ingest, "FLUSH_ENTRIES", 200)
    monkeypatch.setattr(writer, "FLUSH_ENTRIES", 200)
    monkeypatch.setattr(keys, "OWN_ROW_AT", 8)
    # 发展 is frequent in the first chunks, rare in the last
    segments = [seg(f"第{i}次推进{'高质量发展' if i <= 40 or i % 9 == 0 else '开放'}。",
                    f"Round {i}.", i) for i in range(1, 81)]
    with Store.open(tmp_path / "tm.db", create=True) as store:
        store.import_segments(segments, origin="doc", batch_size=10)
        assert _count(store, "search_chunks") > 2 and _count(store, "search_grams") > 0
        lookup = Lookup(store)
        gram = query_grams("发展")[1][0]
        own_rows = store.conn.execute("SELECT count(*) FROM search_grams WHERE key BETWEEN ? "
                                      "AND ?", gram_range(Side.SOURCE, gram)).fetchone()[0]
        assert 0 < own_rows < _count(store, "search_chunks")  # both kinds of row are read
        ids = lookup.postings.ids(Side.SOURCE, gram)
        assert ids.tolist() == [i for i in range(1, 81) if i <= 40 or i % 9 == 0]
        assert lookup.postings.ids(Side.TARGET, gram).tolist() == []
        assert np.all(lookup.postings.lengths[Side.SOURCE][1:] > 0)


@pytest.mark.parametrize("sizes", [(0,), (0, 0), (5, 0), (0, 7), (1, 1), (40, 3000), (200, 200, 9)])
def test_posting_list_union_and_intersection_are_the_set_operations(sizes) -> None:
    """idsets works on sorted distinct id lists (what the postings hold) and must give what
    NumPy's set operations give, on any mix of sizes, empty lists and overlaps."""
    from tm_tool.index import idsets

    rng = np.random.default_rng(sum(sizes))
    lists = [np.sort(rng.choice(5000, size, replace=False)).astype(np.int32) for size in sizes]
    union = idsets.union(lists)
    assert union.tolist() == np.unique(np.concatenate(lists)).tolist()
    for a, b in itertools.combinations(lists, 2):
        assert idsets.intersection(a, b).tolist() == np.intersect1d(a, b).tolist()
        assert idsets.intersection(a, b.astype(np.int64)).tolist() == \
            np.intersect1d(a, b).tolist()
        asked = b[::-1].astype(np.int64)  # (any order, another dtype: a candidate list)
        assert idsets.holding(a, asked).tolist() == np.isin(asked, a).tolist()
    # the stdlib arrays a process holds before it imports NumPy, alone and mixed with NumPy's
    small = [array("i", ids.tolist()) for ids in lists]
    assert idsets.union(small).tolist() == union.tolist()
    assert idsets.union(small[:1] + lists[1:]).tolist() == union.tolist()
    for (a, b), (x, y) in zip(itertools.combinations(small, 2),
                              itertools.combinations(lists, 2), strict=True):
        expected = np.intersect1d(x, y).tolist()
        assert idsets.intersection(a, b).tolist() == expected
        assert idsets.intersection(a, y).tolist() == expected
        assert idsets.members(a, y.tolist()[::-1]) == expected[::-1]
        assert idsets.members(x, b.tolist()) == expected

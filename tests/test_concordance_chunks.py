"""Concordance read by chunk (lookup/concordance.py): a phrase of one Han character or pair
is counted from each chunk's row lengths and only its page's chunks are read; a longer phrase
reads its rarest grams first. The pages and totals a user sees are those of reading every
posting, at every offset, on both sides, on SQLite (whose reader takes the chunk path only
when told: pages_by_chunk) and PostgreSQL."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tm_tool.index import keys, writer
from tm_tool.lookup import Lookup
from tm_tool.model import Segment
from tm_tool.store import Store, ingest

WORDS = "发展质量高推进改革创新开放合作"


def _segments() -> list[Segment]:
    """Sentences of a few common characters (frequent in every chunk: own rows) and one rare
    one (a bucket row in some chunks); a target that holds Chinese now and then, so that
    'both' sides unite overlapping lists."""
    rng = random.Random(7)
    out = []
    for i in range(1, 601):
        zh = "".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
        if i % 37 == 0:
            zh += "罕"
        en = f"round {i} " + (zh[:2] if i % 5 == 0 else "advance")
        out.append(Segment(source=zh, target=en, source_lang="zh-CN", target_lang="en",
                           position=i))
    return out


def _pages(lookup: Lookup, phrase: str, side: str) -> list[tuple]:
    found = []
    for offset in (0, 7, 49, 50, 133, 290, 599, 1000):
        result = lookup.concordance(phrase, side=side, limit=50, offset=offset)
        found.append((result.total, [(h.segment.id, h.side, h.spans) for h in result.hits]))
    return found


def _check(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # (SQLite reads whole lists unless told: its reader's pages_by_chunk is off)
    monkeypatch.setattr(type(store.postings()), "pages_by_chunk", True)
    lookup = Lookup(store)
    assert store.conn.execute("SELECT count(*) FROM search_chunks").fetchone()[0] > 5
    phrases = ["发", "展", "发展", "罕", "高推", "质量高推进", "round 5", "advance"]
    paged = {(p, s): _pages(lookup, p, s) for p in phrases for s in ("both", "source", "target")}
    # the reference: every posting of the phrase's grams read and intersected
    monkeypatch.setattr(type(store.postings()), "pages_by_chunk", False)
    lookup = Lookup(store)
    for (phrase, side), pages in paged.items():
        assert pages == _pages(lookup, phrase, side), (phrase, side)
    assert paged[("发", "both")][0][0] > 200  # (many pages, across chunks)
    assert paged[("罕", "source")][0][0] == 600 // 37


def _import(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "OWN_ROW_AT", 8)  # frequent characters own rows, 罕 a bucket's
    monkeypatch.setattr(ingest, "FLUSH_ENTRIES", 600)  # a chunk per ~100 segments
    monkeypatch.setattr(writer, "FLUSH_ENTRIES", 600)  # (and no merging beyond)
    store.import_segments(_segments(), origin="doc", batch_size=50)


def test_pages_read_by_chunk_are_those_of_every_posting(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(tmp_path / "tm.db", create=True) as store:
        _import(store, monkeypatch)
        _check(store, monkeypatch)


@pytest.mark.interop
def test_pages_read_by_chunk_on_postgresql(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(pg_url, create=True) as store:
        _import(store, monkeypatch)
        _check(store, monkeypatch)

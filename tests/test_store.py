"""The store: schema versioning, migrations, transactions, de-duplication."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tm_tool.errors import InputError, StoreError
from tm_tool.lookup import Lookup
from tm_tool.model import Concept, Segment, Term
from tm_tool.store import Store, ingest, schema
from tm_tool.text import match_key


def seg(source: str, target: str, position: int | None = None, **kw) -> Segment:
    return Segment(source=source, target=target, source_lang="zh-CN", target_lang="en",
                   position=position, **kw)


def test_new_database_is_at_latest_schema_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    with Store.open(tmp_path / "tm.db", create=True) as store:
        assert store.schema_version == schema.LATEST
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA page_size").fetchone()[0] == 16384
        assert store.conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID


def test_reimporting_the_same_segments_adds_nothing(tmp_path: Path) -> None:
    segments = [seg("推动高质量发展。", "Promote high-quality development.", 1),
                seg("坚决做到“两个维护”。", "Resolutely uphold the “Two Safeguards”.", 2)]
    with Store.open(tmp_path / "tm.db", create=True) as store:
        first = store.import_segments(segments, origin="doc")
        second = store.import_segments(segments, origin="doc")
        assert (first.added, first.duplicates) == (2, 0)
        assert (second.added, second.duplicates) == (0, 2)
        assert store.count_segments() == 2


def test_the_same_sentence_twice_in_a_document_is_kept_twice(tmp_path: Path) -> None:
    # The seed article repeats its title as a photo caption: two positions, two segments.
    segments = [seg("标题", "Title", 1), seg("正文", "Body", 2), seg("标题", "Title", 3)]
    with Store.open(tmp_path / "tm.db", create=True) as store:
        assert store.import_segments(segments, origin="doc").added == 3


def test_segments_keep_their_metadata(tmp_path: Path) -> None:
    original = seg("新质生产力", "new quality productive forces", 7, unit_id="u7",
                   creator="alice", note="slogan", status="approved", usage_count=3,
                   created_at="2025-12-12T08:00:00Z", props=[("x-domain", "politics")])
    with Store.open(tmp_path / "tm.db", create=True) as store:
        store.import_segments([original], origin="plenary")
        (back,) = list(store.iter_segments())
    assert (back.origin, back.position, back.unit_id, back.creator, back.note) == (
        "plenary", 7, "u7", "alice", "slogan")
    assert (back.status, back.usage_count, back.created_at) == ("approved", 3,
                                                                "2025-12-12T08:00:00Z")
    assert back.changed_at == "2025-12-12T08:00:00Z"
    assert back.props == [("x-domain", "politics")]


def test_a_failed_import_leaves_the_database_exactly_as_it_was(tmp_path: Path) -> None:
    def broken():
        yield seg("一", "one", 1)
        yield seg("二", "two", 2)
        raise InputError("row 3 is broken", path="x.tsv", line=4)

    with Store.open(tmp_path / "tm.db", create=True) as store:
        store.import_segments([seg("旧", "old", 1)], origin="old")
        with pytest.raises(InputError):
            store.import_segments(broken(), origin="new")
        assert [s.source for s in store.iter_segments()] == ["旧"]
        assert [o["name"] for o in store.stats()["origins"]] == ["old"]


def test_filters_select_by_origin_status_and_language(tmp_path: Path) -> None:
    with Store.open(tmp_path / "tm.db", create=True) as store:
        store.import_segments([seg("甲", "A", 1, status="approved"), seg("乙", "B", 2)],
                              origin="one")
        store.import_segments([Segment("B", "乙", "en", "zh-CN", position=1)], origin="two")
        assert [s.source for s in store.iter_segments(origin="one")] == ["甲", "乙"]
        assert [s.source for s in store.iter_segments(status="approved")] == ["甲"]
        assert [s.source for s in store.iter_segments(src="en")] == ["B"]
        assert store.count_segments(src="zh") == 2


def test_glossary_reimport_updates_status_and_adds_nothing(tmp_path: Path) -> None:
    concept = Concept("two-establishments", [
        Term("两个确立", "zh-CN"),
        Term("Two Establishments", "en"),
        Term("Two Affirmations", "en", status="admitted"),
    ])
    with Store.open(tmp_path / "tm.db", create=True) as store:
        assert store.import_glossary([concept]).added == 3
        concept.terms[2].status = "deprecated"
        again = store.import_glossary([concept])
        assert (again.added, again.duplicates) == (0, 3)
        (stored,) = store.concepts()
        assert [t.status for t in stored.terms] == ["preferred", "preferred", "deprecated"]


def test_glossary_replace_deletes_what_the_file_no_longer_has(tmp_path: Path) -> None:
    keep = Concept("keep", [Term("高质量发展", "zh-CN"), Term("high-quality development", "en")])
    drop = Concept("drop", [Term("旧口号", "zh-CN"), Term("old slogan", "en")])
    with Store.open(tmp_path / "tm.db", create=True) as store:
        store.import_glossary([keep, drop])
        store.import_glossary([keep], replace=True)
        assert [c.key for c in store.concepts()] == ["keep"]


def test_migrations_run_forward_from_version_1(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.apply(conn, 0, upto=1)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.execute(
        "INSERT INTO segments (source, target, source_lang, target_lang, source_key_hash, "
        "target_key_hash, created_at, changed_at, dedup_key) "
        "VALUES ('两个确立', 'Two Establishments', 'zh-CN', 'en', 1, 2, 'x', 'x', x'01')"
    )
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version == schema.LATEST
        assert [s.target for s in store.iter_segments()] == ["Two Establishments"]


def test_a_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this tm_tool"):
        Store.open(path)


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a tm_tool database"):
        Store.open(path, create=True)
    assert path.read_bytes() == before


def test_an_error_late_in_a_large_import_leaves_nothing(tmp_path: Path) -> None:
    """Batches already stored and batches in the worker process are all rolled back."""
    def segments():
        for i in range(1, 101):
            if i == 80:
                raise InputError("broken unit", path="big.tmx", line=i)
            yield seg(f"第{i}段。", f"Paragraph {i}.", i)

    with Store.open(tmp_path / "tm.db", create=True) as store:
        with pytest.raises(InputError, match="broken unit"):
            store.import_segments(segments(), origin="big", batch_size=10)
        assert store.count_segments() == 0
        assert store.conn.execute("SELECT count(*) FROM search_buckets").fetchone()[0] == 0
        store.import_segments([seg("第1段。", "Paragraph 1.", 1)], origin="big")
        assert store.count_segments() == 1


def _source_key_plan(store: Store) -> str:
    plan = store.conn.execute("EXPLAIN QUERY PLAN SELECT id FROM segments WHERE "
                              "source_key_hash = 1").fetchall()
    return " ".join(str(row[-1]) for row in plan)


def test_a_bulk_load_builds_the_source_key_index_at_the_end(tmp_path: Path) -> None:
    """Into an empty database the index is built after the rows, even when the load fails;
    one missing is built when the database is next opened for writing."""
    with Store.open(tmp_path / "tm.db", create=True) as store:
        with store.bulk_load():
            assert "segments_source_key" not in _source_key_plan(store)
            store.import_segments([seg("推动高质量发展。", "Promote it.", 1)], origin="doc")
        assert "segments_source_key" in _source_key_plan(store)
        found = store.segments_with_source_key(match_key("推动高质量发展。"))
        assert [s.target for s in found] == ["Promote it."]
    with Store.open(tmp_path / "failed.db", create=True) as store:
        with pytest.raises(InputError), store.bulk_load(), store.transaction():
            raise InputError("broken", path="x.tmx")
        assert "segments_source_key" in _source_key_plan(store)
    with Store.open(tmp_path / "tm.db") as store:
        # as an older tm_tool's killed load left it (the drop now rolls back with the load)
        store.conn.execute("DROP INDEX segments_source_key")
    with Store.open(tmp_path / "tm.db") as store:  # a read writes nothing …
        assert "segments_source_key" not in _source_key_plan(store)
    with Store.open(tmp_path / "tm.db", create=True) as store:  # … the next writer builds it
        assert "segments_source_key" in _source_key_plan(store)


@pytest.mark.parametrize("batch_size", [1000, 3])  # in-process, and in the worker process
def test_texts_are_stored_nfc_and_reimports_still_find_them(tmp_path: Path,
                                                            batch_size: int) -> None:
    decomposed = [seg(f"第{i}段：Cafe\u0301。", f"Cafe\u0301 {i}.", i) for i in range(1, 21)]
    with Store.open(tmp_path / "tm.db", create=True) as store:
        first = store.import_segments(decomposed, origin="doc", batch_size=batch_size)
        again = store.import_segments(decomposed, origin="doc", batch_size=batch_size)
        stored = list(store.iter_segments())
    assert (first.added, again.added, again.duplicates) == (20, 0, 20)
    assert stored[4].source == "第5段：Caf\u00e9。" and stored[4].target == "Caf\u00e9 5."


_PARENT, _DERIVE = os.getpid(), ingest.derive


def _dying_derive(batch: int, *args):  # as if the system killed the worker (out of memory)
    if os.getpid() != _PARENT and batch == 6:
        os._exit(9)
    return _DERIVE(batch, *args)


def test_a_worker_process_that_dies_is_an_error_and_stores_nothing(tmp_path: Path,
                                                                   monkeypatch) -> None:
    monkeypatch.setattr(ingest, "derive", _dying_derive)
    segments = [seg(f"第{i}段。", f"Paragraph {i}.", i) for i in range(1, 40)]
    with Store.open(tmp_path / "tm.db", create=True) as store:
        with pytest.raises(StoreError, match="worker process stopped unexpectedly"):
            store.import_segments(segments, origin="doc", batch_size=3)
        assert store.count_segments() == 0


def test_documents_imported_together_share_index_chunks_and_keep_their_counts(
        tmp_path: Path) -> None:
    documents = {f"doc{d}": [seg(f"第{d}篇第{i}段。", f"Document {d}, paragraph {i}.", i)
                             for i in range(1, 8)] for d in range(1, 31)}
    with Store.open(tmp_path / "tm.db", create=True) as store:
        with store.importing(batch_size=5) as importer:
            results = {name: importer.add(segments, origin=name)
                       for name, segments in documents.items()}
            results["doc1 again"] = importer.add(documents["doc1"], origin="doc1")
        chunks = store.conn.execute("SELECT count(*) FROM search_chunks").fetchone()[0]
        assert chunks == 1  # not one per document
        assert [(r.read, r.added, r.duplicates) for r in results.values()] == (
            [(7, 7, 0)] * 30 + [(7, 0, 7)])
        found = [s.target for s in store.segments_with_source_key(match_key("第17篇第3段。"))]
        assert Lookup(store).concordance("第17篇").total == 7  # the search index has them all
    assert found == ["Document 17, paragraph 3."]

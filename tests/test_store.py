"""The store: schema versioning, migrations, transactions, de-duplication.

The tests that take the ``store`` fixture run against the interface (store/interface.py), once
per backend in BACKENDS; the others are about the SQLite file itself."""

from __future__ import annotations

import inspect
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tm_tool.errors import InputError, StoreError, UsageError
from tm_tool.lookup import Lookup
from tm_tool.model import Concept, Segment, Term
from tm_tool.store import (
    SegmentFilter,
    Selection,
    Store,
    TranslationMemory,
    connection,
    ingest,
    schema,
)
from tm_tool.text import match_key

# A fresh, empty store of each backend (a second backend is one more line here). PostgreSQL's
# is a new database on the tests' throwaway server (tests/pg.py: skipped when there is none).
BACKENDS: dict[str, Callable[[pytest.FixtureRequest, Path], TranslationMemory]] = {
    "sqlite": lambda request, folder: Store.open(folder / "tm.db", create=True),
    "postgresql": lambda request, folder: Store.open(request.getfixturevalue("pg_url"),
                                                     create=True),
}


@pytest.fixture(params=sorted(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TranslationMemory]:
    with BACKENDS[request.param](request, tmp_path) as opened:
        yield opened


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


def test_reimporting_the_same_segments_adds_nothing(store: TranslationMemory) -> None:
    segments = [seg("推动高质量发展。", "Promote high-quality development.", 1),
                seg("坚决做到“两个维护”。", "Resolutely uphold the “Two Safeguards”.", 2)]
    first = store.import_segments(segments, origin="doc")
    second = store.import_segments(segments, origin="doc")
    assert (first.added, first.duplicates) == (2, 0)
    assert (second.added, second.duplicates) == (0, 2)
    assert store.count_segments() == 2


def test_the_same_sentence_twice_in_a_document_is_kept_twice(store: TranslationMemory
                                                             ) -> None:
    # The seed article repeats its title as a photo caption: two positions, two segments.
    segments = [seg("标题", "Title", 1), seg("正文", "Body", 2), seg("标题", "Title", 3)]
    assert store.import_segments(segments, origin="doc").added == 3


def test_segments_keep_their_metadata(store: TranslationMemory) -> None:
    original = seg("新质生产力", "new quality productive forces", 7, unit_id="u7",
                   creator="alice", note="slogan", status="approved", usage_count=3,
                   created_at="2025-12-12T08:00:00Z", props=[("x-domain", "politics")])
    store.import_segments([original], origin="plenary")
    (back,) = list(store.iter_segments())
    assert (back.origin, back.position, back.unit_id, back.creator, back.note) == (
        "plenary", 7, "u7", "alice", "slogan")
    assert (back.status, back.usage_count, back.created_at) == ("approved", 3,
                                                                "2025-12-12T08:00:00Z")
    assert back.changed_at == "2025-12-12T08:00:00Z"
    assert back.props == [("x-domain", "politics")]


def test_a_failed_import_leaves_the_database_exactly_as_it_was(store: TranslationMemory
                                                               ) -> None:
    def broken():
        yield seg("一", "one", 1)
        yield seg("二", "two", 2)
        raise InputError("row 3 is broken", path="x.tsv", line=4)

    store.import_segments([seg("旧", "old", 1)], origin="old")
    with pytest.raises(InputError):
        store.import_segments(broken(), origin="new")
    assert [s.source for s in store.iter_segments()] == ["旧"]
    assert [o["name"] for o in store.stats()["origins"]] == ["old"]


def test_filters_select_by_origin_status_and_language(store: TranslationMemory) -> None:
    store.import_segments([seg("甲", "A", 1, status="approved"), seg("乙", "B", 2)],
                          origin="one")
    store.import_segments([Segment("B", "乙", "en", "zh-CN", position=1)], origin="two")
    assert [s.source for s in store.iter_segments(origin="one")] == ["甲", "乙"]
    assert [s.source for s in store.iter_segments(status="approved")] == ["甲"]
    assert [s.source for s in store.iter_segments(src="en")] == ["B"]
    assert store.count_segments(src="zh") == 2


def test_glossary_reimport_updates_status_and_adds_nothing(store: TranslationMemory) -> None:
    concept = Concept("two-establishments", [
        Term("两个确立", "zh-CN"),
        Term("Two Establishments", "en"),
        Term("Two Affirmations", "en", status="admitted"),
    ])
    assert store.import_glossary([concept]).added == 3
    concept.terms[2].status = "deprecated"
    again = store.import_glossary([concept])
    assert (again.added, again.duplicates) == (0, 3)
    (stored,) = store.concepts()
    assert [t.status for t in stored.terms] == ["preferred", "preferred", "deprecated"]


def test_glossary_replace_deletes_what_the_file_no_longer_has(store: TranslationMemory
                                                               ) -> None:
    keep = Concept("keep", [Term("高质量发展", "zh-CN"), Term("high-quality development", "en")])
    drop = Concept("drop", [Term("旧口号", "zh-CN"), Term("old slogan", "en")])
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


# --- the interface ------------------------------------------------------------------------

_MEMBERS = [name for name, value in vars(TranslationMemory).items()
            if callable(value) and (not name.startswith("_") or name in ("__enter__",
                                                                          "__exit__"))]


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_every_backend_has_every_method_of_the_interface_with_its_parameters(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    with BACKENDS[backend](request, tmp_path) as store:
        assert isinstance(store, TranslationMemory)
        for name in _MEMBERS:
            wanted = inspect.signature(getattr(TranslationMemory, name)).parameters
            have = inspect.signature(getattr(type(store), name)).parameters
            assert [(p.name, p.kind) for p in have.values()] == [
                (p.name, p.kind) for p in wanted.values()], name
    assert len(_MEMBERS) >= 20


def _imported(store: TranslationMemory) -> list[tuple[str | None, str]]:
    return [(s.origin, s.source) for s in store.iter_segments()]


def test_a_nested_transaction_that_fails_undoes_only_its_own_writes(
        store: TranslationMemory) -> None:
    with store.transaction():
        store.import_segments([seg("甲", "A", 1)], origin="kept")
        with pytest.raises(InputError), store.transaction():
            store.import_segments([seg("乙", "B", 1)], origin="undone")
            raise InputError("the inner part fails", path="x.tsv")
        # the origin the undone part made is gone: the next import makes it again
        store.import_segments([seg("丙", "C", 1)], origin="undone")
    assert _imported(store) == [("kept", "甲"), ("undone", "丙")]
    assert [o["name"] for o in store.stats()["origins"]] == ["kept", "undone"]


def test_an_outer_transaction_that_fails_undoes_its_nested_ones_too(
        store: TranslationMemory) -> None:
    store.import_segments([seg("旧", "old", 1)], origin="old")
    with pytest.raises(InputError), store.transaction():
        with store.transaction():
            store.import_segments([seg("甲", "A", 1)], origin="new")
        store.import_glossary([Concept("c", [Term("甲", "zh-CN"), Term("A", "en")])])
        raise InputError("the outer part fails", path="x.tsv")
    assert _imported(store) == [("old", "旧")]
    assert store.concepts() == [] and store.glossary_history() == []
    store.import_segments([seg("甲", "A", 1)], origin="new")  # and the store goes on
    assert store.count_segments() == 2


def test_a_commit_that_fails_rolls_back_and_leaves_the_store_usable(tmp_path: Path) -> None:
    with Store.open(tmp_path / "tm.db", create=True) as store:
        store.import_segments([seg("旧", "old", 1)], origin="old")
        with pytest.raises(StoreError, match="FOREIGN KEY constraint failed"), \
                store.transaction():
            # a deferred foreign key is checked only by COMMIT, which then fails
            store.conn.execute("PRAGMA defer_foreign_keys = ON")
            store.import_segments([seg("新", "new", 1)], origin="new")
            store.conn.execute("INSERT INTO terms (concept_id, lang, text, status) "
                               "VALUES (999, 'en', 'orphan', 'preferred')")
        assert not store.conn.in_transaction
        assert _imported(store) == [("old", "旧")]
        store.import_segments([seg("新", "new", 1)], origin="new")
    with Store.open(tmp_path / "tm.db") as store:  # another connection sees it committed
        assert _imported(store) == [("old", "旧"), ("new", "新")]


def _filtered_store(store: TranslationMemory) -> None:
    store.import_segments([seg("甲", "A", 1, status="approved", changed_at="2026-01-05T00:00:00Z"),
                           seg("乙", "B", 2, changed_at="2026-02-01T00:00:00Z")], origin="one")
    store.import_segments([seg("丙", "C", 1, status="approved",
                               changed_at="2026-03-01T00:00:00Z"),
                           Segment("D", "丁", "en-GB", "zh-TW", position=2, status="approved",
                                   changed_at="2026-03-02T00:00:00Z")], origin="two")


@pytest.mark.parametrize(("matching", "sources"), [
    (SegmentFilter(), ["甲", "乙", "丙", "D"]),
    (SegmentFilter(origin="one", status="approved"), ["甲"]),
    (SegmentFilter(status="approved", since="2026-02-15"), ["丙", "D"]),
    (SegmentFilter(status="approved", src="zh"), ["甲", "丙"]),
    (SegmentFilter(src="en", tgt="zh"), ["D"]),
    (SegmentFilter(src="en", tgt="en"), []),
    (SegmentFilter(origin="two", since="2026-03-02T00:00:00Z", tgt="zh-CN"), ["D"]),
    (SegmentFilter(origin="nowhere"), []),
])
def test_filters_combine(store: TranslationMemory, matching: SegmentFilter,
                         sources: list[str]) -> None:
    _filtered_store(store)
    assert [s.source for s in store.iter_segments(matching)] == sources
    assert store.count_segments(matching) == len(sources)
    # the keywords are the same filter
    assert [s.source for s in store.iter_segments(**matching.chosen())] == sources
    assert store.count_segments(**matching.chosen()) == len(sources)


def test_a_filter_says_what_it_filters_and_which_pairs_pass() -> None:
    matching = SegmentFilter(origin="ws.tsv", src="zh", status="approved")
    assert matching.chosen() == {"origin": "ws.tsv", "status": "approved", "src": "zh"}
    assert SegmentFilter().chosen() == {}
    assert matching.matches_pair("zh-CN", "en") and not matching.matches_pair("en", "zh-CN")
    assert SegmentFilter(tgt="en-GB").matches_pair("zh", "en-US")


def test_a_filter_and_its_keywords_together_are_refused(store: TranslationMemory) -> None:
    with pytest.raises(TypeError):
        store.count_segments(SegmentFilter(origin="one"), status="approved")


def test_texts_of_either_side_come_with_their_tags_for_many_ids(
        store: TranslationMemory) -> None:
    store.import_segments([seg(f"第{i}段。", f"Part {i}.", i) for i in range(1, 2001)],
                          origin="doc")
    ids = [s.id for s in store.iter_segments()]
    assert sorted(store.texts(ids[:3], "source")) == [
        (ids[0], "第1段。", "zh-CN"), (ids[1], "第2段。", "zh-CN"), (ids[2], "第3段。", "zh-CN")]
    targets = dict((i, text) for i, text, _ in store.texts([*ids, 99999], "target"))
    assert len(targets) == 2000 and targets[ids[1999]] == "Part 2000."
    assert list(store.texts([], "source")) == []
    with pytest.raises(ValueError):
        list(store.texts(ids, "source; DROP TABLE segments"))


def test_an_origin_keeps_the_path_it_was_imported_from(store: TranslationMemory) -> None:
    store.import_segments([seg("甲", "A", 1)], origin="ws.tsv", origin_path="in/ws.tsv")
    store.import_segments([seg("丙", "C", 1)], origin="nameless")
    assert store.origin_path("ws.tsv") == "in/ws.tsv"
    assert store.origin_path("nameless") is None and store.origin_path("unknown") is None


def test_glossary_changes_are_written_and_their_history_kept(store: TranslationMemory) -> None:
    store.import_glossary([Concept("c", [Term("甲", "zh-CN"), Term("A", "en")])])
    store.import_glossary([Concept("d", [Term("乙", "zh-CN"), Term("B", "en")])], replace=True)
    assert [c.key for c in store.concepts()] == ["d"]
    history = store.glossary_history()
    assert [(e.command, e.change.action, e.change.key) for e in history] == [
        ("import", "import", "c"), ("import", "import", "d"), ("import", "import", "c")]
    assert history[2].change.after is None and history[2].change.before.key == "c"
    assert [e.change.key for e in store.glossary_history(concept="d")] == ["d"]


def test_a_waiting_writer_tells_the_hook_and_prints_nothing(tmp_path: Path, monkeypatch,
                                                            capfd) -> None:
    path = tmp_path / "tm.db"
    Store.open(path, create=True).close()
    heard: list[str] = []
    monkeypatch.setattr(connection, "WAIT_MESSAGE_AFTER", 0.05)
    monkeypatch.setenv("TM_LOCK_TIMEOUT", "0.3")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(path) as store:
            connection.on_wait(heard.append)
            with pytest.raises(StoreError, match="busy"), store.transaction():
                pass
            connection.on_wait(None)
            with pytest.raises(StoreError, match="busy"), store.transaction():
                pass
    finally:
        connection.on_wait(None)
        holder.execute("ROLLBACK")
        holder.close()
    assert heard == [str(path)]
    assert capfd.readouterr() == ("", "")


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
    monkeypatch.setenv("TM_WORKERS", "2")  # a worker even on one CPU
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


# --- maintenance (store/maintenance.py) ----------------------------------------------------

def _maintained(store: TranslationMemory) -> TranslationMemory:
    store.import_segments([seg("两个确立", "Two Affirmations", 1),
                           seg("推动高质量发展", "Promote high-quality development", 2),
                           seg("两个确立", "Two Affirmations", 3, status="approved")],
                          origin="doc")
    return store


def test_edit_records_the_changed_fields_and_the_index_follows(store: TranslationMemory
                                                               ) -> None:
    _maintained(store)
    change = store.edit_segment(1, {"target": "Two Establishments"}, user="ann",
                                command="test")
    assert change is not None and change.before == {"target": "Two Affirmations"}
    assert store.get_segments([1])[1].changer == "ann"
    lookup = Lookup(store)  # type: ignore[arg-type]
    assert [h.segment.id for h in lookup.concordance("Establishments").hits] == [1]
    assert [h.segment.id for h in lookup.concordance("Affirmations").hits] == [3]
    (entry,) = store.segment_history([1])
    assert (entry.user, entry.command, entry.change.after) == (
        "ann", "test", {"target": "Two Establishments"})
    with pytest.raises(UsageError, match="cannot be empty"):
        store.edit_segment(1, {"target": " "}, user="ann", command="test")


def test_delete_and_dedupe_leave_no_postings_and_keep_the_history(store: TranslationMemory
                                                                  ) -> None:
    _maintained(store)
    with pytest.raises(UsageError, match="refusing"):
        store.delete_segments(Selection(), user="ann", command="test")
    assert len(store.delete_segments(Selection(contains="高质量"), user="ann", command="test",
                                     dry_run=True)) == 1
    assert store.count_segments() == 3
    store.delete_segments(Selection(contains="高质量"), user="ann", command="test")
    (group,) = store.dedupe_segments(user="ann", command="test")
    assert (group.kept.id, [s.id for s in group.removed]) == (3, [1])  # approved is kept
    assert Lookup(store).concordance("质").total == 0  # type: ignore[arg-type]
    assert [h.segment.id for h in Lookup(store).concordance("确立").hits] == [3]  # type: ignore
    assert [e.change.action for e in store.segment_history()] == ["delete", "dedupe"]
    store.import_segments([seg("新句子", "New sentence", 1)], origin="new")
    assert [s.id for s in store.iter_segments(document_order=False)] == [3, 4]


def test_a_version_5_database_gets_the_segment_history(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    with Store.open(path, create=True) as store:
        store.import_segments([seg("两个确立", "Two Affirmations", 1)], origin="doc")
        store.conn.execute("DROP TABLE segment_history")
        store.conn.execute("PRAGMA user_version = 5")
    with Store.open(path, create=True) as store:
        assert store.schema_version == schema.LATEST == 7
        store.edit_segment(1, {"status": "approved"}, user="ann", command="test")
        assert [e.change.after for e in store.segment_history([1])] == [{"status": "approved"}]


def test_a_version_6_database_gets_the_languages_index(tmp_path: Path) -> None:
    """The language pairs come from index probes (every lookup asks for them), so an older
    database is given the index, and the pairs are those of the segments, sorted."""
    path = tmp_path / "v6.db"
    with Store.open(path, create=True) as store:
        store.import_segments([seg("两个确立", "Two Establishments", 1)], origin="doc")
        store.import_segments([Segment("Two Establishments", "两个确立", "en", "zh-CN")],
                              origin="back")
        store.conn.execute("DROP INDEX segments_languages")
        store.conn.execute("PRAGMA user_version = 6")
    with Store.open(path, create=True) as store:
        assert store.schema_version == 7
        assert "segments_languages" in {i.name for i in store.utils["segments"].indexes}
        plan = " ".join(row[3] for row in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT min(target_lang) FROM segments "
            "WHERE source_lang = 'en' AND target_lang > 'a'"))
        assert "segments_languages" in plan
        assert store.languages() == [("en", "zh-CN"), ("zh-CN", "en")]
        assert Lookup(store).matches("Two Establishments")[0].target == "两个确立"


def test_a_second_store_on_the_same_file_keeps_the_first_ones_locks(tmp_path: Path) -> None:
    """Opening a store never opens and closes the file itself: closing any descriptor of it
    drops every SQLite lock the process holds there, and another process would then take
    itself for the last user, checkpoint, and delete the WAL under the first store."""
    path = tmp_path / "tm.db"
    with Store.open(path, create=True) as first:
        first.import_segments([Segment("推动高质量发展。", "Promote high-quality development.",
                                       "zh-CN", "en")], origin="a")
        with Store.open(path):
            pass
        other = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                 "c.execute('SELECT count(*) FROM segments').fetchone(); c.close()")
        subprocess.run([sys.executable, "-c", other, str(path)], check=True)
        assert (tmp_path / "tm.db-wal").exists()  # the other process knew it was not last
        assert first.count_segments() == 1

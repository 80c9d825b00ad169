"""The two pipelines (import, unit checks) on each path, forced with TM_WORKERS: in-process and
in forked workers give the same results, and each path is really taken; the segment row is
declared once (store/rows.py) and matches the schema."""

from __future__ import annotations

import csv
import os
import sqlite3
from pathlib import Path

import pytest
from conftest import GLOSSARY_DIR

from tm_tool import parallel
from tm_tool.checks import pool
from tm_tool.checks.base import Unit
from tm_tool.checks.runner import run_checks
from tm_tool.errors import StoreError, UsageError
from tm_tool.formats import ReadOptions
from tm_tool.formats.glossary_table import TsvGlossaryFormat
from tm_tool.model import Segment
from tm_tool.store import Store, ingest, rows

CASES = Path(__file__).parent / "fixtures" / "checks" / "cases.tsv"
_PARENT = os.getpid()
_DERIVE, _CHECK_UNITS = ingest.derive, pool.check_units
_seen = {"file": ""}  # where the recording wrappers below append (set before any fork)


def _record(line: str) -> None:
    with open(_seen["file"], "a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def _recording_derive(batch: int, *args):
    _record(str(os.getpid()))
    return _DERIVE(batch, *args)


def _recording_check_units(units, *args):
    units = list(units)
    for unit in units:
        _record(f"{os.getpid()}\t{unit.segment!r}")
    return _CHECK_UNITS(units, *args)


def _recorded(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def segments(n: int, **kw) -> list[Segment]:
    return [Segment(f"第{i}次推进高质量发展。", f"Advance high-quality development, round {i}.",
                    "zh-CN", "en", position=i, **kw) for i in range(1, n + 1)]


def _contents(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    try:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'search%'")]
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                for table in ["segments", *tables]}
    finally:
        conn.close()


# --- TM_WORKERS and the plan -------------------------------------------------------------------

@pytest.mark.parametrize(("value", "jobs", "most", "expected"), [
    ("1", None, None, parallel.Plan(0, 7)),
    ("0", None, None, parallel.Plan(0, 7)),
    ("3", None, None, parallel.Plan(3, 0)),  # forced: from the first batch
    ("3", None, 1, parallel.Plan(1, 0)),  # the import has one worker
    ("3", 1, None, parallel.Plan(0, 7)),  # an explicit jobs wins
    ("1", 2, None, parallel.Plan(2, 7)),
])
def test_tm_workers_forces_the_plan(monkeypatch, value: str, jobs: int | None,
                                    most: int | None, expected: parallel.Plan) -> None:
    monkeypatch.setenv("TM_WORKERS", value)
    assert parallel.plan(7, jobs=jobs, most=most) == expected


def test_tm_workers_that_is_not_a_number_is_a_usage_error(monkeypatch) -> None:
    monkeypatch.setenv("TM_WORKERS", "many")
    with pytest.raises(UsageError, match="TM_WORKERS"):
        parallel.plan(7)


# --- the import pipeline -----------------------------------------------------------------------

def test_import_in_process_and_in_a_worker_store_the_same(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(ingest, "derive", _recording_derive)
    results, pids = {}, {}
    for path, workers in (("inline", "1"), ("worker", "2")):
        monkeypatch.setenv("TM_WORKERS", workers)
        monkeypatch.setitem(_seen, "file", str(tmp_path / f"{path}.pids"))
        with Store.open(tmp_path / f"{path}.db", create=True) as store:
            # (a fixed time: the two imports may fall in different seconds)
            stamped = segments(40, created_at="2026-12-01T00:00:00Z")
            first = store.import_segments(stamped[:25], origin="doc", batch_size=6)
            again = store.import_segments(stamped, origin="doc", batch_size=6)
        results[path] = ((first.added, again.added, again.duplicates),
                         _contents(tmp_path / f"{path}.db"))
        pids[path] = {int(pid) for pid in _recorded(tmp_path / f"{path}.pids")}
    assert pids["inline"] == {os.getpid()}
    assert pids["worker"] - {os.getpid()}, "no batch was derived in a worker process"
    assert results["worker"] == results["inline"]
    assert results["worker"][0] == (25, 15, 25)


def _dying_derive(batch: int, *args):  # as if the system killed the worker (out of memory)
    if os.getpid() != _PARENT and batch == 3:
        os._exit(9)
    return _DERIVE(batch, *args)


def test_a_worker_that_dies_is_an_error_even_on_one_cpu(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    monkeypatch.setenv("TM_WORKERS", "2")
    monkeypatch.setattr(ingest, "derive", _dying_derive)
    with Store.open(tmp_path / "tm.db", create=True) as store:
        with pytest.raises(StoreError, match="worker process stopped unexpectedly"):
            store.import_segments(segments(20), origin="doc", batch_size=3)
        assert store.count_segments() == 0


def test_language_tags_spelled_differently_are_one_segment(tmp_path: Path) -> None:
    with Store.open(tmp_path / "tm.db", create=True) as store:
        first = store.import_segments(segments(3), origin="doc")
        variant = [Segment(s.source, s.target, "zh_cn", "EN", position=s.position)
                   for s in segments(3)]
        second = store.import_segments(variant, origin="doc")
    assert (first.added, second.added, second.duplicates) == (3, 0, 3)


def test_a_database_keyed_on_the_tags_as_written_still_finds_its_segments(tmp_path: Path
                                                                          ) -> None:
    """Older tm_tool made the de-duplication key from the tags as the file wrote them."""
    written = [Segment(s.source, s.target, "ZH-cn", "en-us", position=s.position)
               for s in segments(4)]
    with Store.open(tmp_path / "tm.db", create=True) as store:
        store.import_segments(written, origin="doc")
        with store.transaction():  # the keys an older tm_tool stored
            for s in written:
                store.conn.execute(
                    "UPDATE segments SET dedup_key = ? WHERE position = ?",
                    (rows.dedup_key(rows.identity("ZH-cn", "en-us", "doc", s.position),
                                    s.source, s.target), s.position))
        again = store.import_segments(written, origin="doc")
        assert (again.added, again.duplicates) == (0, 4)
        assert store.count_segments() == 4


# --- the check pipeline ------------------------------------------------------------------------

def test_checks_in_process_and_in_workers_see_the_same_units(tmp_path: Path, monkeypatch
                                                             ) -> None:
    concepts = list(TsvGlossaryFormat().read(GLOSSARY_DIR / "dongguan-slogans.tsv",
                                             ReadOptions()))
    with open(CASES, encoding="utf-8", newline="") as handle:
        cases = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    units = [Unit(Segment(row["zh"], row["en"], "zh-CN", "en", unit_id=row["id"], line=n,
                          status="fuzzy", note="checked", origin="cases", props=[("x", "y")]),
                  "cases") for n, row in enumerate(cases)]
    monkeypatch.setattr(pool, "check_units", _recording_check_units)
    monkeypatch.setattr(pool, "BATCH", 5)
    reports, seen = {}, {}
    for path, workers in (("inline", "1"), ("workers", "2")):
        monkeypatch.setenv("TM_WORKERS", workers)
        monkeypatch.setitem(_seen, "file", str(tmp_path / f"{path}.seen"))
        reports[path] = [f.as_dict() for f in run_checks(units, concepts).findings]
        seen[path] = [line.split("\t") for line in _recorded(tmp_path / f"{path}.seen")]
    assert {int(pid) for pid, _ in seen["inline"]} == {os.getpid()}
    assert {int(pid) for pid, _ in seen["workers"]} - {os.getpid()}, "no worker checked a unit"
    # the workers were given every field of every segment, as the serial path has them
    assert sorted(s for _, s in seen["workers"]) == sorted(s for _, s in seen["inline"])
    assert len(seen["inline"]) == len(units)
    assert reports["workers"] == reports["inline"] and reports["inline"]


# --- the row, declared once --------------------------------------------------------------------

def test_the_row_has_the_schemas_columns_in_order(tmp_path: Path) -> None:
    with Store.open(tmp_path / "tm.db", create=True) as store:
        columns = [r[1] for r in store.conn.execute("PRAGMA table_info(segments)")]
    assert ["id", *rows.COLUMNS] == columns


def test_a_segment_comes_back_as_it_was_stored(tmp_path: Path) -> None:
    original = Segment("源", "target", "zh-CN", "en", origin="doc", position=3, unit_id="u3",
                       source_markup="<b>源</b>", target_markup="<b>target</b>",
                       created_at="2024-01-02T03:04:05Z", changed_at="2024-02-03T04:05:06Z",
                       creator="a", changer="b", usage_count=4, status="approved",
                       note="n", props=[("x-domain", "law")])
    row = rows.SegmentRow(*rows.new_row(original, 7, "now"))
    assert (row.origin_id, row.unit_id, row.status, row.props, row.usage_count) == (
        7, "u3", "approved", '[["x-domain", "law"]]', 4)
    with Store.open(tmp_path / "tm.db", create=True) as store:
        store.import_segments([original])
        (back,) = store.iter_segments()
    assert back.id == 1
    back.id = None
    assert back == original

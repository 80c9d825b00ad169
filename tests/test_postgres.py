"""The PostgreSQL store as a user meets it: ``--db postgresql://…`` for every command, the
same answers as the SQLite file, ``tm migrate`` both ways, one writer at a time, and faults
(a killed import, a lost connection) that leave the store as it was. The interface itself is
tested for both backends by test_store.py.

Needs a PostgreSQL server (tests/pg.py): skipped with the reason without one, failed under
TM_REQUIRE_INTEROP=1."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS_DIR, GLOSSARY_DIR, run_tm
from pg import fresh_database

TM = Path(sys.executable).parent / "tm"
pytestmark = pytest.mark.interop


def tm(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "100", "TM_NO_PROGRESS": "1"}
    return subprocess.run([TM, *map(str, args)], capture_output=True, text=True, env=env,
                          check=False, timeout=timeout)


def one_line_error(proc: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tm: error: "), proc.stderr
    for text in expected:
        assert text in lines[0]


def count(url: str, sql: str = "SELECT count(*) FROM segments") -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchone()[0]  # type: ignore[index]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, pg_server: str) -> Iterator[tuple[Path, str]]:
    """The demo database (corpus/ and glossary/) in SQLite and, migrated, in PostgreSQL."""
    from conftest import build_corpus_db

    db = build_corpus_db(tmp_path_factory.mktemp("pg-demo") / "tm.db")
    with fresh_database(pg_server) as url:
        result = run_tm("migrate", db, url)
        assert result.exit_code == 0, result.stderr
        yield db, url


def _json(*args: str | Path) -> object:
    result = run_tm(*args, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    if isinstance(data, dict):
        data.pop("database", None)
        data.pop("schema_version", None)  # (each backend numbers its own migrations)
    return data


def _queries() -> Iterator[tuple[str, ...]]:
    """Lookups a translator makes on the demo: every corpus sentence with one character
    changed, 1- and 2-character concordance, and glossary terms in both scripts."""
    lines = [line.split("\t") for line in
             (CORPUS_DIR / "dongguan-10th-plenary.tsv").read_text("utf-8").splitlines()[1:]]
    for _, zh, en, *_ in lines[::3]:
        if len(zh) > 4:
            yield ("lookup", zh[:2] + "这" + zh[3:])
        yield ("lookup", en)
    for phrase in ("两个", "会", "发展", "高质量", "development", "Party", "市委", "东莞"):
        yield ("concordance", phrase)
        yield ("concordance", phrase, "--side", "target")
    yield ("concordance", "develop", "--substring")
    yield ("concordance", "两个(维护|确立)", "--regex")
    for term in ("兩個確立", "湾区", "high-quality development", "Two Affirmations", "新质"):
        yield ("term", term)


@pytest.mark.slow
def test_lookup_concordance_and_term_answer_as_on_sqlite(demo: tuple[Path, str]) -> None:
    db, url = demo
    for query in _queries():
        assert _json("--db", url, *query) == _json("--db", db, *query), query


def test_migrate_round_trips_the_demo_database_exactly(demo: tuple[Path, str],
                                                       tmp_path: Path) -> None:
    db, url = demo
    back = tmp_path / "back.db"
    result = run_tm("migrate", url, back, "--json")
    assert result.exit_code == 0, result.stderr
    there = json.loads(result.stdout)["tables"]
    forth = json.loads(run_tm("migrate", db, tmp_path / "copy.db", "--json").stdout)["tables"]
    assert there == forth  # every table's rows and SHA-256, original vs round trip
    assert there["segments"]["rows"] == 67 and there["terms"]["rows"] > 300
    for command in (("stats",), ("segments", "list", "--limit", "1000"),
                    ("glossary", "list"), ("glossary", "history")):
        assert _json("--db", back, *command) == _json("--db", db, *command), command
    for where, name in ((db, "a.tmx"), (back, "b.tmx"), (url, "c.tmx")):
        assert run_tm("--db", where, "export", "--format", "tmx", "-o",
                      tmp_path / name).exit_code == 0
    # (the header's creationdate is the time of the export)
    tmx = [re.sub(r'creationdate="[^"]*"', "", (tmp_path / name).read_text("utf-8"), count=1)
           for name in ("a.tmx", "b.tmx", "c.tmx")]
    assert tmx[0] == tmx[1] == tmx[2] and "<tu" in tmx[0]


def test_migrate_refuses_a_destination_that_holds_a_store(demo: tuple[Path, str]) -> None:
    db, url = demo
    result = run_tm("migrate", db, url)
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert count(url) == 67


def test_every_command_works_on_postgresql_as_on_a_file(pg_url: str, tmp_path: Path) -> None:
    db = tmp_path / "tm.db"
    corpus, glossary = sorted(CORPUS_DIR.glob("*.tsv")), sorted(GLOSSARY_DIR.glob("*.tsv"))
    for where in (db, pg_url):
        assert run_tm("--db", where, "import", "--src", "zh-CN", "--tgt", "en",
                      *corpus).exit_code == 0
        assert run_tm("--db", where, "glossary", "import", *glossary).exit_code == 0
        assert run_tm("--db", where, "segments", "edit", "5", "--target",
                      "Edited.").exit_code == 0
        assert run_tm("--db", where, "segments", "delete", "7").exit_code == 0
        assert run_tm("--db", where, "glossary", "remove", "year-end-sprint").exit_code == 0

    def same(*command: str) -> None:
        def without_times(data: object) -> object:
            text = json.dumps(data, ensure_ascii=False)
            return json.loads(re.sub(r'"20\d\d-\d\d-\d\dT[0-9:]+Z"', '"T"', text))
        assert without_times(_json("--db", pg_url, *command)) == without_times(
            _json("--db", db, *command)), command

    same("stats")
    same("segments", "list", "--limit", "1000")
    same("segments", "history")
    same("glossary", "history")
    same("lookup", "全会由市委常委会主持")
    same("concordance", "Edited")


def test_a_database_of_another_program_and_an_empty_one_are_refused(pg_url: str) -> None:
    result = run_tm("--db", pg_url, "stats")
    assert result.exit_code == 2 and "no tm_tool store" in result.stderr
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    result = run_tm("--db", pg_url, "import", CORPUS_DIR / "dongguan-10th-plenary.tsv")
    assert result.exit_code == 2 and "not a tm_tool database" in result.stderr
    assert count(pg_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 1


def test_no_server_is_one_line_exit_2(tmp_path: Path) -> None:
    proc = tm("--db", f"postgresql://nobody@localhost/tm?host={tmp_path}", "stats")
    one_line_error(proc, "cannot connect to the database server")
    one_line_error(tm("--db", "postgresql://localhost/tm?nonsense=1", "stats"),
                   "not a PostgreSQL address")


def _big_tsv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("zh\ten\n")
        for i in range(rows):
            out.write(f"第{i}项关于高质量发展的工作第{i % 97}条。\tItem {i} on high-quality "
                      f"development, article {i % 97}.\n")
    return path


def _import(url: str, tsv: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "TM_NO_PROGRESS": "1"}
    return subprocess.Popen([TM, "--db", url, "import", "--src", "zh-CN", "--tgt", "en", tsv],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@pytest.mark.slow
@pytest.mark.parametrize("after", [0.3, 1.0, 2.5])
def test_a_killed_import_leaves_the_store_as_it_was(pg_url: str, tmp_path: Path,
                                                    after: float) -> None:
    assert tm("--db", pg_url, "import", "--src", "zh-CN", "--tgt", "en",
              CORPUS_DIR / "dongguan-10th-plenary.tsv").returncode == 0
    before = [tm("--db", pg_url, *q, "--json").stdout for q in (
        ("stats",), ("concordance", "发展"), ("lookup", "全会由市委常委会主持"))]
    # (200,000 rows: still running at 2.5 s on a quiet machine, where 60,000 had committed)
    proc = _import(pg_url, _big_tsv(tmp_path / "big.tsv", 200_000))
    time.sleep(after)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    after_kill = [tm("--db", pg_url, *q, "--json").stdout for q in (
        ("stats",), ("concordance", "发展"), ("lookup", "全会由市委常委会主持"))]
    assert after_kill == before
    # the lock went with the killed connection: the next import does not wait
    again = tm("--db", pg_url, "import", "--src", "zh-CN", "--tgt", "en",
               _big_tsv(tmp_path / "small.tsv", 50), timeout=60)
    assert again.returncode == 0 and "waiting" not in again.stderr
    assert count(pg_url) == 67 + 50


@pytest.mark.slow
def test_a_lost_connection_mid_import_is_one_line_and_stores_nothing(pg_url: str,
                                                                     tmp_path: Path) -> None:
    assert tm("--db", pg_url, "import", "--src", "zh-CN", "--tgt", "en",
              CORPUS_DIR / "dongguan-10th-plenary.tsv").returncode == 0
    proc = _import(pg_url, _big_tsv(tmp_path / "big.tsv", 60_000))
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as admin:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the import's connection, once it writes
            row = admin.execute("SELECT pid FROM pg_stat_activity WHERE datname = "
                                "current_database() AND pid <> pg_backend_pid() AND "
                                "xact_start IS NOT NULL").fetchone()
            if row:
                time.sleep(0.3)
                admin.execute("SELECT pg_terminate_backend(%s)", row)
                break
            time.sleep(0.05)
    _, stderr = proc.communicate(timeout=60)
    one_line_error(subprocess.CompletedProcess([], proc.returncode, "", stderr),
                   "lost the connection")
    assert count(pg_url) == 67


def test_a_second_importer_waits_for_the_first_and_says_so(pg_url: str, tmp_path: Path
                                                           ) -> None:
    assert tm("--db", pg_url, "import", "--src", "zh-CN", "--tgt", "en",
              CORPUS_DIR / "dongguan-10th-plenary.tsv").returncode == 0
    import psycopg

    from tm_tool.store.postgres import LOCK_KEY

    with psycopg.connect(pg_url) as holder:  # another writer, inside its transaction
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        proc = _import(pg_url, _big_tsv(tmp_path / "more.tsv", 100))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not count(  # (its start is slow on a busy box)
                pg_url, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE "
                "'%pg_try_advisory_xact_lock%' AND pid <> pg_backend_pid()"):
            time.sleep(0.1)
        time.sleep(2)  # it says so after a second
        assert proc.poll() is None  # waiting, not failed
        assert count(pg_url) == 67  # and readers are not blocked meanwhile
        holder.commit()  # the lock is released
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert "waiting for another writer" in stderr
    assert count(pg_url) == 167


@pytest.mark.slow
def test_concurrent_importers_and_readers_lose_nothing(pg_url: str, tmp_path: Path) -> None:
    """4 importers of different files and 4 readers at once: every row of every file is
    stored once, no importer fails (they queue on the lock), no reader fails or blocks."""
    import threading

    from tm_tool.lookup import Lookup
    from tm_tool.store import Store

    assert tm("--db", pg_url, "import", "--src", "zh-CN", "--tgt", "en",
              CORPUS_DIR / "dongguan-10th-plenary.tsv").returncode == 0
    files = []
    for n in range(4):
        path = tmp_path / f"part{n}.tsv"
        with path.open("w", encoding="utf-8") as out:
            out.write("zh\ten\n")
            for i in range(1500):
                out.write(f"第{n}批第{i}条高质量发展。\tBatch {n} item {i}.\n")
        files.append(path)
    stop, failures, reads = threading.Event(), [], [0]

    def reader() -> None:
        try:
            with Store.open(pg_url) as store:
                lookup = Lookup(store)
                while not stop.is_set():
                    assert lookup.concordance("发展", limit=5).total >= 1
                    reads[0] += 1
        except Exception as exc:  # (a failed reader is what this test counts)
            failures.append(repr(exc))

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    procs = [_import(pg_url, path) for path in files]
    results = [proc.communicate(timeout=300) for proc in procs]
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert [proc.returncode for proc in procs] == [0, 0, 0, 0], results
    assert failures == [] and reads[0] > 0
    assert count(pg_url) == 67 + 4 * 1500
    assert count(pg_url, "SELECT count(*) - count(DISTINCT dedup_key) FROM segments") == 0
    assert count(pg_url, "SELECT max(id) FROM segments") == 67 + 4 * 1500  # no id lost
    for n in range(4):
        hits = json.loads(tm("--db", pg_url, "concordance", f"第{n}批", "--json").stdout)
        assert hits["total"] == 1500

"""Faults, signals and special output targets, through the installed ``tm`` (the reliability
probe's defects: ../shared/design/reliability-probe.md)."""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest
from reliability_helpers import TM, one_error_line, tm, write_part

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "dongguan-10th-plenary.tsv"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "tm.db"
    assert tm("--db", path, "import", "--src", "zh-CN", "--tgt", "en", CORPUS).returncode == 0
    return path


# --- -o targets ---------------------------------------------------------------------------

def test_export_into_a_fifo_writes_through_it(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "out.tsv"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = tm("--db", db, "export", "--format", "tsv", "-o", fifo)
    reader.join(30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # not replaced by a regular file
    assert got and got[0].count(b"\n") == 68  # header + 67 segments came through the FIFO


def test_export_onto_a_symlink_replaces_its_file_and_keeps_the_link(db: Path, tmp_path: Path
                                                                    ) -> None:
    (tmp_path / "real.tsv").write_text("old\n")
    link = tmp_path / "link.tsv"
    link.symlink_to("real.tsv")
    result = tm("--db", db, "export", "--format", "tsv", "-o", link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert (tmp_path / "real.tsv").read_text(encoding="utf-8").count("\n") == 68
    assert not list(tmp_path.glob(".*.part"))


def test_export_to_a_character_device_keeps_the_device(db: Path, tmp_path: Path) -> None:
    """On a copy of /dev/null's node (never the real one: code with this defect replaces it)."""
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    for command in (["export", "--format", "tmx"], ["glossary", "export", "--format", "tsv"],
                    ["check", "--format", "json", "--fail-on", "never"]):
        result = tm("--db", db, *command, "-o", device)
        assert "Traceback" not in result.stderr
        assert stat.S_ISCHR(os.lstat(device).st_mode), command


@pytest.mark.parametrize("command", [["export", "--format", "tmx"], ["export", "--format", "tsv"],
                                     ["export", "--format", "po"],
                                     ["glossary", "export", "--format", "tbx"],
                                     ["check", "--format", "html", "--fail-on", "never"]])
def test_output_into_a_missing_folder_is_one_line(db: Path, tmp_path: Path, command) -> None:
    tm("--db", db, "glossary", "import", *sorted((CORPUS.parent.parent / "glossary").glob("*.tsv")))
    result = tm("--db", db, *command, "-o", tmp_path / "missing" / "x.out")
    assert result.returncode == 2
    assert "folder does not exist" in one_error_line(result.stderr)


def test_stale_temp_files_of_a_killed_export_are_removed(db: Path, tmp_path: Path) -> None:
    stale = tmp_path / ".out.tsv.abcd1234.part"
    stale.write_text("half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    assert tm("--db", db, "export", "--format", "tsv", "-o", tmp_path / "out.tsv").returncode == 0
    assert not stale.exists()


# --- refused imports, faults ----------------------------------------------------------------

def test_a_refused_first_import_leaves_no_database(tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    result = tm("--db", new, "import", tmp_path / "nonexistent.tsv")
    assert result.returncode == 2
    (tmp_path / "nul.tsv").write_text("id\tzh\ten\n1\t东莞\tDongguan\n2\t东\0莞\tDong\0guan\n")
    result = tm("--db", new, "import", "--src", "zh-CN", "--tgt", "en", tmp_path / "nul.tsv")
    assert result.returncode == 2
    assert "nul.tsv:3" in one_error_line(result.stderr) and "NUL" in result.stderr
    assert list(tmp_path.glob("new.db*")) == []


def test_a_file_size_limit_during_import_is_one_line_and_changes_nothing(db: Path, tmp_path: Path
                                                                         ) -> None:
    part = write_part(tmp_path / "part.tsv", 1, 20000)
    limit = db.stat().st_size + 64 * 1024

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run([str(TM), "--db", str(db), "import", "--src", "zh-CN", "--tgt", "en",
                             str(part)], capture_output=True, text=True, timeout=120,
                            preexec_fn=small_files)
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert "nothing was stored" in line and "rollback" not in line
    assert json.loads(tm("--db", db, "stats", "--json").stdout)["segments"] == 67
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_busy_database_makes_a_writer_wait_then_refuse_in_one_line(db: Path) -> None:
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", CORPUS,
                    env={"TM_LOCK_TIMEOUT": "2"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"tm: waiting for another writer on {db}…"
    assert lines[1:] == [f"tm: error: {db}: busy (another tm is writing); try again"]


def test_a_corrupt_database_is_named_corrupt(db: Path, tmp_path: Path) -> None:
    write_part(tmp_path / "part.tsv", 1, 5000)
    assert tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en",
              tmp_path / "part.tsv").returncode == 0
    data = bytearray(db.read_bytes())
    page = 16384
    for n in range(3, len(data) // page, 2):  # overwrite every other page after the schema
        data[n * page:(n + 1) * page] = os.urandom(page)
    db.write_bytes(bytes(data))
    result = tm("--db", db, "export", "--format", "tsv", "-o", tmp_path / "out.tsv")
    assert result.returncode == 2
    assert "corrupt: run sqlite3" in one_error_line(result.stderr)
    damaged = db.read_bytes()
    result = tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en",
                write_part(tmp_path / "more.tsv", 2, 50))  # a write would spread the damage
    assert result.returncode == 2
    assert "corrupt: run sqlite3" in one_error_line(result.stderr)
    assert db.read_bytes() == damaged


def test_a_segment_over_a_million_characters_is_refused_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "huge.tsv").write_text("id\tzh\ten\n1\t东莞\tDongguan\n2\t" + "东" * 1_000_001
                                       + "\tx\n", encoding="utf-8")
    result = tm("--db", tmp_path / "h.db", "import", "--src", "zh-CN", "--tgt", "en",
                tmp_path / "huge.tsv")
    assert result.returncode == 2
    assert "huge.tsv:3" in one_error_line(result.stderr)


def test_a_read_never_migrates_or_writes_an_empty_database(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()  # version 0, no tables: what a creating tm has at first
    result = tm("--db", empty, "lookup", "东莞")
    assert result.returncode == 2
    assert "empty database" in one_error_line(result.stderr)
    assert empty.stat().st_size == 0


# --- signals and worker processes ------------------------------------------------------------

def _group_alive(pgid: int) -> list[str]:
    """Processes of the group that are still running (zombies count as dead)."""
    alive = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                alive.append(proc.name)
    return alive


def _start_big_import(tmp_path: Path) -> subprocess.Popen:
    big = write_part(tmp_path / "big.tsv", 9, 100_000)
    proc = subprocess.Popen([str(TM), "--db", str(tmp_path / "big.db"), "import", "--src",
                             "zh-CN", "--tgt", "en", str(big)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(_group_alive(proc.pid)) < 2:  # wait until the worker process runs
        assert proc.poll() is None and time.monotonic() < deadline, "no worker started"
        time.sleep(0.1)
    return proc


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_import_leaves_no_worker_running(tmp_path: Path, sig: int) -> None:
    proc = _start_big_import(tmp_path)
    os.kill(proc.pid, sig)
    proc.wait(30)
    deadline = time.monotonic() + 10
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _group_alive(proc.pid) == []
    assert "Traceback" not in proc.stderr.read()
    db = tmp_path / "big.db"
    if sig == signal.SIGTERM:  # unwound: the refused first import removed the file it created
        assert not db.exists()
        return
    with sqlite3.connect(db) as conn:  # killed: rolled back, and still in WAL mode
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM segments").fetchone()[0] == 0


def test_ctrl_c_during_an_import_exits_130_with_at_most_one_line(tmp_path: Path) -> None:
    proc = _start_big_import(tmp_path)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole group
    stderr = proc.communicate(timeout=60)[1]
    assert proc.returncode == 130
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) <= 1, stderr
    assert _group_alive(proc.pid) == []
    assert not (tmp_path / "big.db").exists()  # the refused first import removed its file


@pytest.mark.parametrize("fmt", ["tmx", "tsv", "po"])
def test_sigterm_during_an_export_leaves_no_file_behind(tmp_path: Path, fmt: str) -> None:
    """Probe defect 13: a terminated export left ~9 MB hidden temp files in the output folder."""
    db = tmp_path / "t.db"
    assert tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en",
              write_part(tmp_path / "p.tsv", 1, 60_000)).returncode == 0
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([str(TM), "--db", str(db), "export", "--format", fmt, "-o",
                             str(out / f"x.{fmt}")], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any(out.iterdir()):  # the export has begun writing its temporary file
        assert proc.poll() is None and time.monotonic() < deadline, "the export ended first"
        time.sleep(0.005)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 143
    assert proc.stderr.read() == "tm: interrupted; nothing was written\n"
    assert list(out.iterdir()) == []

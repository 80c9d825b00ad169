"""``tm serve`` on a PostgreSQL store: it answers as on a file, and a database server restarted
under it is reconnected (issue #20): the next query after the restart is answered, at worst one
503 JSON error while the server was down, and the worker never dies.

The test restarts the database server, so it starts a cluster of its own (tests/pg.py), never
the shared one of ``$TM_TEST_PG``."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import CORPUS_DIR, missing, require_module, run_tm
from pg import _as_server_user, _bin, database_url, start, stop, why_not

from tests.test_serve import request, start_server, stop_server

pytestmark = pytest.mark.interop


@pytest.fixture
def cluster() -> Iterator[Path]:
    """A cluster of this test's own (it is restarted): its folder."""
    require_module("psycopg")
    reason = why_not()
    if reason:
        missing(reason)
    folder = Path(tempfile.mkdtemp(prefix="tm-pg-serve-"))
    try:
        start(folder)
        yield folder
    finally:
        stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


def _restart(folder: Path) -> None:
    """pg_ctl restart (the server's options as it was started with; its log in the file, or
    the new server would hold our pipe open)."""
    subprocess.run(_as_server_user([
        _bin("pg_ctl") or "pg_ctl", "-D", str(folder / "data"), "-l",
        str(folder / "server.log"), "-m", "fast", "-w", "restart"]), check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder, timeout=120)


def _concordance(url: str) -> tuple[int, dict]:
    status, _, body = request(url + "/concordance?q=" + quote("高质量发展"))
    return status, json.loads(body)


def test_serve_survives_a_restart_of_the_database_server(cluster: Path,
                                                          tmp_path: Path) -> None:
    server_url = f"postgresql://postgres@localhost/postgres?host={cluster}"
    url = database_url(server_url, "tm_serve")
    result = run_tm("--db", url, "import", "--src", "zh-CN", "--tgt", "en",
                    CORPUS_DIR / "dongguan-10th-plenary.tsv")
    assert result.exit_code == 0, result.stderr
    running = start_server(url, tmp_path)  # type: ignore[arg-type]
    try:
        status, before = _concordance(running.url)
        assert status == 200 and before["total"] >= 1
        _restart(cluster)
        answers = [_concordance(running.url) for _ in range(4)]
        # At worst the first request meets the dead connection (a 503 JSON error); the
        # worker opens a new one, and from then on every query is answered as before.
        failed = [body for status, body in answers if status != 200]
        assert len(failed) <= 1, answers
        for body in failed:
            assert body["status"] == 503 and body["error"]
        assert answers[-1] == (200, before)
        assert running.process.poll() is None
        # An import by another process is seen by the running server (its readers' caches,
        # the postings read among them, are dropped when the database changes).
        for _ in range(4):  # (asked before: every thread has read, and kept, its postings)
            status, _, body = request(running.url + "/concordance?q=" + quote("独一无二"))
            assert status == 200 and json.loads(body)["total"] == 0
        extra = tmp_path / "extra.tsv"
        extra.write_text("zh\ten\n独一无二的句子。\tA one-off sentence.\n", encoding="utf-8")
        assert run_tm("--db", url, "import", "--src", "zh-CN", "--tgt", "en",
                      extra).exit_code == 0
        for _ in range(4):  # (every thread of the worker)
            status, _, body = request(running.url + "/concordance?q=" + quote("独一无二"))
            assert status == 200 and json.loads(body)["total"] == 1
    finally:
        assert stop_server(running) == 0
    assert "Traceback" not in "".join(running.stderr)

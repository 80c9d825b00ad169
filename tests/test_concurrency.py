"""Several ``tm`` processes on one database at once: writers queue, readers keep answering,
and the database ends with the union (reliability probe, experiment 1)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import threading
from pathlib import Path

from reliability_helpers import TM, tm, write_part

PARTS, ROWS = 4, 2000


def test_four_imports_and_eight_readers_at_once(tmp_path: Path) -> None:
    db = tmp_path / "tm.db"
    seed = write_part(tmp_path / "seed.tsv", 0, 50)
    assert tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", seed).returncode == 0
    parts = [write_part(tmp_path / f"part{n}.tsv", n, ROWS) for n in range(1, PARTS + 1)]
    readers = [["lookup", "第0部分第7句讲东莞发展。", "--json"], ["concordance", "东莞", "--json"],
               ["term", "东莞", "--json"]]
    # A long import is writing when they start (as a 25k-row one did in the probe): it holds
    # the write lock well past SQLite's default 5 s busy timeout (after the processes start).
    writer = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    release = threading.Timer(12, writer.execute, ["ROLLBACK"])
    procs = [subprocess.Popen([str(TM), "--db", str(db), "import", "--src", "zh-CN", "--tgt",
                               "en", str(p)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for p in parts]
    procs += [subprocess.Popen([str(TM), "--db", str(db), *readers[i % 3]],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for i in range(8)]
    release.start()
    results = [(p, *p.communicate(timeout=300)) for p in procs]
    writer.close()
    for proc, _out, err in results:
        assert proc.returncode == 0, err
        assert "Traceback" not in err
        assert all(line.startswith("tm: waiting for another writer") for line in
                   err.splitlines()), err
    stats = json.loads(tm("--db", db, "stats", "--json").stdout)
    assert stats["segments"] == 50 + PARTS * ROWS
    for n in range(1, PARTS + 1):
        best = json.loads(tm("--db", db, "lookup", f"第{n}部分第1234句讲东莞发展。",
                             "--json").stdout)["matches"][0]
        assert (best["score"], best["origin"]) == (100, f"part{n}.tsv")
        assert best["target"].startswith(f"Part {n}, sentence 1234,")

"""SQLite and PostgreSQL side by side (issue #20): the same TSV imported into each, then the
same lookups (fuzzy, 1-, 2- and 30-character concordance, English concordance, terms) on each,
every step its own process, interleaved so that both meet the machine in the same minutes.

    python -m bench.pg_bench --size 100000 [--url postgresql://…/postgres] [--out FILE]

``--url`` names a server's maintenance database (a new database is made in it and dropped
afterwards); without it a throwaway cluster is started with initdb (tests/pg.py, fsync on)
and stopped.
The data is bench/data/N (generated if missing, as ``python -m bench run`` does). Prints a
Markdown table and writes the figures as JSON (``--out``, default bench/results/pg-N.json).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .generate import generate
from .run import ROOT, TM, machine, run_child

TESTS = ROOT.parent / "tests"


@contextmanager
def _server(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    sys.path.insert(0, str(TESTS))
    import pg  # tests/pg.py: the tests' throwaway cluster

    folder = Path(tempfile.mkdtemp(prefix="tm-bench-pg-"))
    try:
        yield pg.start(folder, durable=True)  # (fsync on: SQLite syncs its commits too)
    finally:
        pg.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _database(server: str) -> Iterator[str]:
    import psycopg

    name = f"tm_bench_{int(time.time())}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    base, _, query = server.partition("?")
    try:
        yield f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _data(size: int) -> Path:
    data = ROOT / "data" / str(size)
    if not (data / "info.json").exists():
        print(f"pg_bench: generating {size:,} segments in {data}", flush=True)
        (data / "info.json").write_text(json.dumps(generate(size, data)), "utf-8")
    return data


def _size_mb(url: str) -> float:
    import psycopg

    with psycopg.connect(url) as conn:
        (size,) = conn.execute("SELECT pg_database_size(current_database())").fetchone() or (0,)
    return round(size / 2**20, 1)


def measure(size: int, server: str) -> dict:
    data = _data(size)
    work = Path(tempfile.mkdtemp(prefix="tm-bench-sqlite-"))
    results: dict = {"size": size, "machine": machine(), "sqlite": {}, "postgresql": {}}
    try:
        with _database(server) as url:
            stores = {"sqlite": str(work / "tm.db"), "postgresql": url}
            for step in ("import", "glossary", "lookup"):
                for backend, db in stores.items():
                    print(f"pg_bench: {backend} {step} …", flush=True)
                    results[backend][step] = _step(step, db, data)
            results["sqlite"]["disk_mb"] = round((work / "tm.db").stat().st_size / 2**20, 1)
            results["postgresql"]["disk_mb"] = _size_mb(url)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def _step(step: str, db: str, data: Path) -> dict:
    if step == "import":
        command = [TM, "--db", db, "import", "--src", "zh-CN", "--tgt", "en",
                   str(data / "tm.tsv")]
    elif step == "glossary":
        command = [TM, "--db", db, "glossary", "import", "--force",
                   str(data / "glossary5k.tsv")]
    else:
        command = [sys.executable, "-m", "bench", "task", "lookup", db,
                   str(data / "queries.json")]
    m = run_child(command, cwd=ROOT.parent)
    if not m.ok:
        raise SystemExit(f"pg_bench: {m.command} failed")
    out = {"s": m.seconds, "rss_mb": m.rss_mb}
    if step == "lookup":
        out.update(json.loads(m.output.strip().splitlines()[-1]))
    return out


def table(results: dict) -> str:
    sq, pg = results["sqlite"], results["postgresql"]

    def ratio(a: float, b: float) -> str:
        return f"{b / a:.2f}×" if a else "—"

    rows = [("TSV import (store + index)", sq["import"]["s"], pg["import"]["s"], "s"),
            ("glossary import (5,000 terms)", sq["glossary"]["s"], pg["glossary"]["s"], "s")]
    for name, label in (("fuzzy", "fuzzy lookup p95"), ("conc1", "concordance 1 char p95"),
                        ("conc2", "concordance 2 chars p95"),
                        ("conc30", "concordance 30 chars p95"),
                        ("english", "English concordance p95"), ("term", "term lookup p95")):
        rows.append((label, sq["lookup"][name]["p95_ms"], pg["lookup"][name]["p95_ms"], "ms"))
    rows.append(("disk", sq["disk_mb"], pg["disk_mb"], "MB"))
    lines = [f"{results['size']:,} segments | SQLite | PostgreSQL | PG ÷ SQLite",
             "--- | ---: | ---: | ---:"]
    lines += [f"{label} | {a:,} {unit} | {b:,} {unit} | {ratio(a, b)}"
              for label, a, b, unit in rows]
    recall = (f"fuzzy recall top-1/top-5: SQLite {sq['lookup']['fuzzy']['recall_top1']:.2f}/"
              f"{sq['lookup']['fuzzy']['recall_top5']:.2f}, PostgreSQL "
              f"{pg['lookup']['fuzzy']['recall_top1']:.2f}/"
              f"{pg['lookup']['fuzzy']['recall_top5']:.2f}")
    return "\n".join(lines) + "\n\n" + recall


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.pg_bench", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--url", help="a PostgreSQL server's maintenance database")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    with _server(args.url) as server:
        results = measure(args.size, server)
    out = args.out or ROOT / "results" / f"pg-{args.size}.json"
    out.write_text(json.dumps(results, indent=1), "utf-8")
    print(table(results))
    print(f"pg_bench: figures in {out}")


if __name__ == "__main__":
    main()

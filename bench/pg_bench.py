"""SQLite and PostgreSQL side by side (issue #20): the same TSV imported into each, then the
same lookups (fuzzy, 1-, 2- and 30-character concordance, English concordance, terms) on each,
every step its own process, interleaved so that both meet the machine in the same minutes.

    python -m bench.pg_bench --size 100000 [--url postgresql://…/postgres] [--out FILE]
    python -m bench.pg_bench --existing postgresql://…/tm10m --against tm1m.db [--rounds N]

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


def generate_tsv(n: int, folder: Path) -> dict:
    """generate() without the TMX and PO copies, which no PostgreSQL step reads."""
    from .generate import generate

    return generate(n, folder, tmx_and_po=False)


def _importer(url: str, n: int, folder: Path, deadline: float, rows: int) -> dict:
    """One of the concurrency run's importers: files of ``rows`` rows of its own, imported one
    after another by `tm import` until ``deadline``; what it imported and how."""
    import subprocess

    done, failed, waits, seconds = 0, [], 0, []
    rounds = 0
    while time.monotonic() < deadline:
        path = folder / f"imp{n}-{rounds}.tsv"
        with path.open("w", encoding="utf-8") as out:
            out.write("zh\ten\n")
            for i in range(rows):
                out.write(f"第{n}号第{rounds}轮第{i}条推动高质量发展。\t"
                          f"Importer {n} round {rounds} row {i}: quality development.\n")
        start = time.monotonic()
        proc = subprocess.run([TM, "--db", url, "import", "--src", "zh-CN", "--tgt", "en",
                               str(path)], capture_output=True, text=True, timeout=600,
                              check=False, env={**__import__("os").environ,
                                                "TM_NO_PROGRESS": "1"})
        seconds.append(time.monotonic() - start)
        waits += "waiting for another writer" in proc.stderr
        if proc.returncode == 0:
            done += rows
        else:
            failed.append(proc.stderr.strip()[-300:])
        rounds += 1
        path.unlink()
    return {"rows": done, "imports": rounds, "failed": failed, "waited": waits,
            "max_s": round(max(seconds, default=0), 2)}


def _reader(url: str, stop: object, out: object) -> None:
    """One of the concurrency run's readers: fuzzy, concordance and term lookups in a loop
    until ``stop`` is set; its count, failures and slowest answer into the ``out`` queue."""
    from tm_tool.lookup import Lookup
    from tm_tool.store import Store

    reads, failures, slowest = 0, [], 0.0
    try:
        with Store.open(url) as store:
            while not stop.is_set():  # type: ignore[attr-defined]
                start = time.perf_counter()
                lookup = Lookup(store)  # (fresh: it sees the importers' new rows)
                if lookup.concordance("发展", limit=5).total < 1:
                    failures.append("concordance found nothing")
                lookup.matches("推动高质量发展。", min_score=50, limit=5)
                lookup.terms("高质量发展")
                slowest = max(slowest, time.perf_counter() - start)
                reads += 1
    except Exception as exc:  # (a failed reader is what this run counts)
        failures.append(repr(exc)[:300])
    out.put({"reads": reads, "failures": failures, "slowest_s": round(slowest, 3)})  # type: ignore[attr-defined]


def concurrency(server: str, seconds: float, *, importers: int = 4, readers: int = 8,
                rows: int = 2000) -> dict:
    """``importers`` processes importing files of their own and ``readers`` processes
    looking up, for ``seconds``: every row imported exactly once (count, distinct
    dedup keys, no id gap), no importer failed (they queue on the store's lock), no reader
    failed, and nothing hangs (the run ends within its time plus the last imports)."""
    import multiprocessing
    from concurrent.futures import ThreadPoolExecutor

    import psycopg

    folder = Path(tempfile.mkdtemp(prefix="tm-bench-conc-"))
    try:
        with _database(server) as url:
            base = ROOT.parent / "corpus" / "dongguan-10th-plenary.tsv"
            m = run_child([TM, "--db", url, "import", "--src", "zh-CN", "--tgt", "en",
                           str(base)])
            if not m.ok:
                raise SystemExit("pg_bench: the base import failed")
            with psycopg.connect(url) as conn:
                (before,) = conn.execute("SELECT count(*) FROM segments").fetchone() or (0,)
            context = multiprocessing.get_context("spawn")
            stop, queue = context.Event(), context.Queue()
            procs = [context.Process(target=_reader, args=(url, stop, queue))
                     for _ in range(readers)]
            for proc in procs:
                proc.start()
            start = time.monotonic()
            with ThreadPoolExecutor(importers) as pool:
                done = list(pool.map(lambda n: _importer(url, n, folder, start + seconds, rows),
                                     range(importers)))
            wall = time.monotonic() - start
            stop.set()
            read = [queue.get(timeout=120) for _ in procs]
            for proc in procs:
                proc.join(timeout=60)
            with psycopg.connect(url) as conn:
                count, distinct, top = conn.execute(
                    "SELECT count(*), count(DISTINCT dedup_key), max(id) FROM segments"
                ).fetchone() or (0, 0, 0)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    expected = before + sum(d["rows"] for d in done)
    return {"seconds": seconds, "wall_s": round(wall, 1), "importers": done,
            "readers": read, "rows_before": before, "rows_expected": expected,
            "rows_found": count, "distinct_keys": distinct, "max_id": top,
            "ok": (count == expected == distinct == top
                   and all(not d["failed"] for d in done)
                   and all(not r["failures"] and r["reads"] for r in read))}


def concurrency_table(c: dict) -> str:
    imports = sum(d["imports"] for d in c["importers"])
    failed = sum(len(d["failed"]) for d in c["importers"])
    reads = sum(r["reads"] for r in c["readers"])
    rfailed = sum(len(r["failures"]) for r in c["readers"])
    return "\n".join([
        f"{len(c['importers'])} importers + {len(c['readers'])} readers for {c['seconds']:g} s"
        " | figure", "--- | ---:",
        f"wall time (until the last import ended) | {c['wall_s']} s",
        f"imports (2,000 rows each) / failed | {imports} / {failed}",
        f"imports that waited for the lock | {sum(d['waited'] for d in c['importers'])}",
        f"slowest import | {max(d['max_s'] for d in c['importers'])} s",
        f"rows that must exist (base {c['rows_before']} + imported) | {c['rows_expected']:,}",
        f"rows found / distinct dedup keys / max id | {c['rows_found']:,} / "
        f"{c['distinct_keys']:,} / {c['max_id']:,}",
        f"reader rounds (concordance + fuzzy + terms) / failed | {reads:,} / {rfailed}",
        f"slowest reader round | {max(r['slowest_s'] for r in c['readers'])} s",
        "verdict | " + ("no deadlock, no lost or duplicated row, no failed reader"
                        if c["ok"] else "FAILED")])


def _size_mb(url: str) -> float:
    import psycopg

    with psycopg.connect(url) as conn:
        (size,) = conn.execute("SELECT pg_database_size(current_database())").fetchone() or (0,)
    return round(size / 2**20, 1)


def measure(size: int, server: str, data: Path | None = None) -> dict:
    data = data or _data(size)
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


def measure_big(size: int, server: str, data: Path, against: Path, rounds: int = 2) -> dict:
    """The large run (10M): PostgreSQL only imported (timed, once), then its lookups and
    those of an SQLite store of another size (``against``: the 1M store) in alternation,
    ``rounds`` times each, so both meet the machine in the same minutes."""
    results: dict = {"size": size, "machine": machine(), "against": str(against),
                     "postgresql": {}, "sqlite_rounds": [], "postgresql_rounds": []}
    with _database(server) as url:
        for step in ("import", "glossary"):
            print(f"pg_bench: postgresql {step} …", flush=True)
            results["postgresql"][step] = _step(step, url, data)
        results["postgresql"]["disk_mb"] = _size_mb(url)
        _alternate(results, url, against, rounds, _queries_of(against))
    return results


def measure_existing(url: str, against: Path, rounds: int = 2,
                     queries: Path | None = None) -> dict:
    """:func:`measure_big`'s lookups on a PostgreSQL store imported already (``url``: the 10M
    store, kept between runs; nothing imported, nothing dropped), alternating with the SQLite
    store ``against``'s, ``rounds`` times each; the queries of the set in ``queries`` (a
    folder with queries.json; default: ``against``'s folder)."""
    results: dict = {"size": _segments(url), "machine": machine(), "against": str(against),
                     "existing": url, "postgresql": {"disk_mb": _size_mb(url)},
                     "sqlite_rounds": [], "postgresql_rounds": []}
    _alternate(results, url, against, rounds, queries or _queries_of(against))
    return results


def _alternate(results: dict, url: str, against: Path, rounds: int, queries: Path) -> None:
    """The lookups of the SQLite store ``against`` and of the PostgreSQL one ``url`` in
    alternation, ``rounds`` times each, into ``results``' *_rounds lists."""
    for n in range(rounds):
        for backend, db in (("sqlite", str(against)), ("postgresql", url)):
            print(f"pg_bench: {backend} lookup, round {n + 1} …", flush=True)
            # the smaller set's queries on both: every expected row is in both stores
            # (the generated sets are prefixes of each other)
            results[f"{backend}_rounds"].append(_step("lookup", db, queries))


def _segments(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        (count,) = conn.execute("SELECT count(*) FROM segments").fetchone() or (0,)
    return count


def _queries_of(db: Path) -> Path:
    """The folder of the set the SQLite store was imported from (its queries.json)."""
    return db.parent


def big_table(results: dict) -> str:
    lines = [f"query | SQLite {results['against']} p95 | PostgreSQL {results['size']:,} p95 |"
             " PG ÷ SQLite (goal <= 2)", "--- | ---: | ---: | ---:"]
    for name in ("fuzzy", "conc1", "conc2", "conc30", "english", "term"):
        sq = min(r[name]["p95_ms"] for r in results["sqlite_rounds"])
        pg = min(r[name]["p95_ms"] for r in results["postgresql_rounds"])
        lines.append(f"{name} | {sq:,} ms | {pg:,} ms | {pg / sq:.2f}×")
    pg = results["postgresql"]
    lines.append("")
    if "import" in pg:
        lines.append(f"PostgreSQL import {pg['import']['s']:,} s (RSS {pg['import']['rss_mb']} "
                     f"MB), glossary {pg['glossary']['s']} s, database size {pg['disk_mb']:,} MB")
    else:
        lines.append(f"PostgreSQL store imported before (--existing), database size "
                     f"{pg['disk_mb']:,} MB")
    for backend in ("sqlite", "postgresql"):
        lines.append(f"fuzzy recall top-1/top-5, {backend}, by round: " + ", ".join(
            f"{r['fuzzy']['recall_top1']:.2f}/{r['fuzzy']['recall_top5']:.2f}"
            for r in results[f"{backend}_rounds"]))
    return "\n".join(lines)


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
    parser.add_argument("--data", type=Path,
                        help="a generated set's folder (tm.tsv, glossary5k.tsv, queries.json)"
                             " instead of bench/data/SIZE; with --existing, the set whose "
                             "queries.json to ask (default: the --against store's folder)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="with --against: lookup rounds per store (alternating)")
    parser.add_argument("--concurrency", type=float, metavar="SECONDS",
                        help="instead: 4 importers + 8 readers for SECONDS (issue #20)")
    parser.add_argument("--against", type=Path, metavar="SQLITE_DB",
                        help="instead: import --data into PostgreSQL only, and compare its "
                        "lookups with this SQLite store's (the 10M run against the 1M file; "
                        "the store's folder must hold the queries.json of its set)")
    parser.add_argument("--existing", metavar="URL",
                        help="with --against: measure the lookups of this PostgreSQL store, "
                        "imported before (nothing imported or dropped), instead of importing")
    args = parser.parse_args(argv)
    if args.existing and not args.against:
        parser.error("--existing needs --against SQLITE_DB")
    if args.existing:
        figures = measure_existing(args.existing, args.against, args.rounds, args.data)
        out = args.out or ROOT / "results" / "pg-existing.json"
        out.write_text(json.dumps(figures, indent=1), "utf-8")
        print(big_table(figures))
        print(f"pg_bench: figures in {out}")
        return
    if args.against:
        with _server(args.url) as server:
            figures = measure_big(args.size, server, args.data or _data(args.size),
                                  args.against, args.rounds)
        out = args.out or ROOT / "results" / f"pg-{args.size}.json"
        out.write_text(json.dumps(figures, indent=1), "utf-8")
        print(big_table(figures))
        print(f"pg_bench: figures in {out}")
        return
    if args.concurrency:
        with _server(args.url) as server:
            figures = concurrency(server, args.concurrency)
        out = args.out or ROOT / "results" / "pg-concurrency.json"
        out.write_text(json.dumps(figures, indent=1), "utf-8")
        print(concurrency_table(figures))
        print(f"pg_bench: figures in {out}")
        if not figures["ok"]:
            raise SystemExit(1)
        return
    with _server(args.url) as server:
        results = measure(args.size, server, args.data)
    out = args.out or ROOT / "results" / f"pg-{args.size}.json"
    out.write_text(json.dumps(results, indent=1), "utf-8")
    print(table(results))
    print(f"pg_bench: figures in {out}")


if __name__ == "__main__":
    main()

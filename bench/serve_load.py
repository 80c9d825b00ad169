"""Load test of ``tm serve`` (issue #19): a fixed number of concurrent clients mixing
lookups, concordance and term queries over loopback HTTP while an import writes to the same
database, against the same queries run in-process, in one run.

    python -m bench.serve_load --db tm.db --data bench/data/100000 [--clients 8]

Phases, each bounded by a fixed request count (and ``--time-limit`` seconds in all):
  1. in-process: each query once through :class:`tm_tool.lookup.Lookup`, one at a time (after
     a warm-up pass): the library's own p95 per kind; then ``--clients`` threads sharing the
     queries at once (in_process_n: what the same concurrency costs without HTTP; one
     interpreter lock, so one core);
  2. http-1: the same queries over HTTP from one client (what HTTP and JSON add);
  3. http-N: ``--clients`` clients at once, each sending ``--requests`` requests of the mix,
     while ``tm import`` writes a new document into the database;
  4. http-N paced: the same ``--clients`` clients, each pausing between its requests for a
     random think time (exponential), so that together they ask ``--utilization`` (a
     quarter) of the requests per second the server answered in phase 3: the latency users
     meet, where phase 3 measures queueing at saturation (a translator's CAT tool asks once
     per segment, every few seconds: a quarter of phase 3's rate is hundreds of them);
  5. memory: ``--rss-requests`` more requests from the clients, the server's RSS (all its
     processes) read every 10 s.
Each HTTP client is a process of its own, timing each request to the last byte of the answer
(as a CAT tool on another machine would; client threads in this process would queue on its
interpreter lock and count that as the server's).
Prints one JSON object (per-kind p50/p95 for each phase, the HTTP/in-process ratios, failed
requests, RSS). Loopback only: the server binds 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from .tasks import timings

KINDS = ("lookup", "concordance", "term")


def mix(queries: dict) -> list[tuple[str, str, str]]:
    """(kind, HTTP path, query text) of the query set, interleaved: fuzzy lookups through the
    tmserver route (what a CAT tool sends), concordance of 2-character and English phrases,
    and glossary terms."""
    lookups = [("lookup", "/tmserver/zh_CN/en/unit/" + quote(q["query"], safe=""), q["query"])
               for q in queries["fuzzy"]]
    phrases = [("concordance", "/concordance?" + urlencode({"q": q, "limit": 50}), q)
               for q in queries["conc2"] + queries["english"]]
    terms = [("term", "/terms?" + urlencode({"q": q}), q) for q in queries["term"]]
    out = []
    for index in range(max(len(lookups), len(phrases), len(terms))):
        for group in (lookups, phrases, terms):
            if index < len(group):
                out.append(group[index])
    return out


def in_process(db: Path, requests: list[tuple[str, str, str]], threads: int = 1
               ) -> dict[str, list[float]]:
    """Each query through the library, after a warm-up pass; with ``threads``, that many
    threads (one connection each) share the queries at once, as the HTTP clients do."""
    from tm_tool.lookup import Lookup
    from tm_tool.store import Store, connection

    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    first = Store.open(db)  # (the others straight from SQLite: see server/context.py)
    stores = [first] + [Store(connection.connect(str(db)), str(db)) for _ in range(threads - 1)]

    def work(store: Store, share: list[tuple[str, str, str]]) -> None:
        lookup = Lookup(store)
        run = {"lookup": lambda q: lookup.matches(q, min_score=70, limit=5),
               "concordance": lambda q: lookup.concordance(q, limit=50),
               "term": lambda q: lookup.terms(q)}
        for kind, _, text in share:  # warm-up (caches, the term index)
            run[kind](text)
        for kind, _, text in share:
            start = time.perf_counter()
            run[kind](text)
            times[kind].append((time.perf_counter() - start) * 1000)

    pool = [threading.Thread(target=work, args=(store, requests[n::threads]))
            for n, store in enumerate(stores)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    for store in stores:
        store.close()
    return times


class Client:
    """One client on a kept-alive connection (reopened when the server closes it); records
    each request's time, to the last byte of the answer, and its failures."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.times: dict[str, list[float]] = {kind: [] for kind in KINDS}
        self.failures: list[str] = []

    def get(self, kind: str, path: str) -> None:
        self._drop_if_closed()
        start = time.perf_counter()
        try:
            self.connection.request("GET", path)
            answer = self.connection.getresponse()
            body = answer.read()
            elapsed = (time.perf_counter() - start) * 1000
            if answer.status != 200:
                self.failures.append(f"{answer.status} {path[:80]}: {body[:120]!r}")
            json.loads(body)  # (the client's parsing is not the server's latency)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            elapsed = (time.perf_counter() - start) * 1000
            self.failures.append(f"{type(exc).__name__} {path[:80]}: {exc}")
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        self.times[kind].append(elapsed)

    def _drop_if_closed(self) -> None:
        """A kept-alive connection the server has closed since (its keep-alive timeout ran out
        during a think time) is readable at EOF: reconnect, as urllib3 — Weblate's and most
        clients' HTTP library — does before it reuses a pooled connection. Sending on it
        would be answered by no one: not a failure of the server."""
        sock = self.connection.sock
        if sock is not None and select.select([sock], [], [], 0)[0]:
            self.connection.close()


def _client_process(port: int, requests: list[tuple[str, str, str]], number: int, clients: int,
                    each: int, deadline: float, think_ms: float, out) -> None:
    """One client's requests, in a process of its own (client threads in one interpreter
    would wait for each other's lock and count that as the server's latency)."""
    client = Client(port)
    offset = number * len(requests) // clients
    pause = random.Random(number)
    for index in range(each):
        if time.monotonic() > deadline:
            client.failures.append("time limit")
            break
        if think_ms:
            time.sleep(pause.expovariate(1000.0 / think_ms))
        kind, path, _ = requests[(offset + index) % len(requests)]
        client.get(kind, path)
    out.send((client.times, client.failures))
    out.close()


def run_clients(port: int, requests: list[tuple[str, str, str]], clients: int, each: int,
                deadline: float, on_wait=None, think_ms: float = 0.0) -> list[Client]:
    """``clients`` client processes, each sending ``each`` requests of the mix (client i
    starts at the i-th share of it), until done or the deadline; with ``think_ms``, each
    waits a random time of that mean (exponential, seeded per client) before each request.
    ``on_wait`` is called about every second while they run."""
    context = multiprocessing.get_context("fork")
    pipes, processes = [], []
    for number in range(clients):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_client_process, args=(
            port, requests, number, clients, each, deadline, think_ms, send))
        process.start()
        send.close()
        pipes.append(receive)
        processes.append(process)
    pool = []
    for receive, process in zip(pipes, processes, strict=True):
        while not receive.poll(1.0):
            if on_wait is not None:
                on_wait()
        times, failures = receive.recv()
        process.join()
        client = Client.__new__(Client)
        client.times, client.failures = times, failures
        pool.append(client)
    return pool


def merged(pool: list[Client]) -> dict[str, list[float]]:
    return {kind: [t for client in pool for t in client.times[kind]] for kind in KINDS}


def server_rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of the server, the arbiter and its worker processes: all of it
    (``VmRSS``, which counts the pages of the database file each SQLite connection maps), or
    its own heap (``RssAnon``: what a leak grows)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(entry) == pid or fields.get("PPid", "").strip() == str(pid):
            total += int(fields.get(field, "0 kB").split()[0])
    return round(total / 1024, 1)


def start_server(db: Path, workers: int, threads: int, keep_alive: int
                 ) -> tuple[subprocess.Popen, int]:
    tm = str(Path(sys.executable).parent / "tm")
    process = subprocess.Popen([tm, "--db", str(db), "serve", "--port", "0", "--workers",
                                str(workers), "--threads", str(threads), "--keep-alive",
                                str(keep_alive), "--access-log", ""],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    if "serving" not in line:
        process.kill()
        raise SystemExit(f"serve_load: tm serve did not start: {line}")
    threading.Thread(target=process.stderr.read, daemon=True).start()
    return process, int(line.split("http://127.0.0.1:", 1)[1].split("/")[0])


def new_document(data: Path, work: Path, rows: int) -> Path:
    """The document the import writes during the load: rows of the memory's TSV, as a new
    origin (so every one is stored)."""
    path = work / "serve-load-import.tsv"
    with open(data / "tm.tsv", encoding="utf-8") as source, \
            open(path, "w", encoding="utf-8") as out:
        out.write(next(source))
        for number, line in enumerate(source):
            if number >= rows:
                break
            out.write(line)
    return path


def summary(times: dict[str, list[float]]) -> dict:
    return {kind: timings(values) for kind, values in times.items() if values}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.serve_load")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True, help="tm.tsv and queries.json")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=150, help="per client, phase 3")
    parser.add_argument("--rss-requests", type=int, default=10_000, help="phase 5, in all")
    parser.add_argument("--utilization", type=float, default=0.25,
                        help="phase 4: the share of phase 3's request rate the clients ask")
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep-alive", type=int, default=5, help="tm serve --keep-alive")
    parser.add_argument("--time-limit", type=float, default=900.0)
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.time_limit
    queries = json.loads((args.data / "queries.json").read_text(encoding="utf-8"))
    requests = mix(queries)
    result: dict = {"clients": args.clients, "workers": args.workers, "threads": args.threads,
                    "keep_alive": args.keep_alive,
                    "queries": len(requests)}
    result["in_process"] = summary(in_process(args.db, requests))
    result["in_process_n"] = summary(in_process(args.db, requests, args.clients))
    server, port = start_server(args.db, args.workers, args.threads, args.keep_alive)
    try:
        run_clients(port, requests[: args.clients], args.clients, 2, deadline)  # warm-up
        single = run_clients(port, requests, 1, len(requests), deadline)
        result["http_1"] = summary(merged(single))
        document = new_document(args.data, args.db.parent, args.import_rows)
        tm = str(Path(sys.executable).parent / "tm")
        importer = subprocess.Popen([tm, "--db", str(args.db), "import", "--src", "zh-CN",
                                     "--tgt", "en", str(document)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    env={**os.environ, "TM_NO_PROGRESS": "1"})
        started = time.perf_counter()
        loaded = run_clients(port, requests, args.clients, args.requests, deadline)
        result["http_n"] = summary(merged(loaded))
        result["http_n"]["seconds"] = round(time.perf_counter() - started, 1)
        result["import_running_at_end"] = importer.poll() is None
        importer.wait()
        result["import_ok"] = importer.returncode == 0
        result["http_n_over_in_process_p95"] = {
            kind: round(result["http_n"][kind]["p95_ms"] / result["in_process"][kind]["p95_ms"],
                        2) for kind in KINDS}
        result["http_n_over_in_process_n_p95"] = {
            kind: round(result["http_n"][kind]["p95_ms"]
                        / result["in_process_n"][kind]["p95_ms"], 2) for kind in KINDS}
        result["http_1_over_in_process_p95"] = {
            kind: round(result["http_1"][kind]["p95_ms"] / result["in_process"][kind]["p95_ms"],
                        2) for kind in KINDS}
        answered = sum(len(times) for times in merged(loaded).values())
        capacity = answered / max(result["http_n"]["seconds"], 1e-3)  # requests per second
        result["http_n"]["requests_per_s"] = round(capacity, 1)
        one = [t for times in merged(single).values() for t in times]
        cycle_ms = args.clients / (args.utilization * capacity) * 1000
        think_ms = max(0.0, cycle_ms - sum(one) / max(len(one), 1))
        paced = run_clients(port, requests, args.clients, args.requests, deadline,
                            think_ms=think_ms)
        result["http_n_paced"] = summary(merged(paced))
        result["http_n_paced"]["think_ms"] = round(think_ms, 1)
        result["http_n_paced"]["requests_per_s"] = round(args.utilization * capacity, 1)
        result["http_n_paced_over_in_process_p95"] = {
            kind: round(result["http_n_paced"][kind]["p95_ms"]
                        / result["in_process"][kind]["p95_ms"], 2) for kind in KINDS}
        rss: list[float] = [server_rss_mb(server.pid)]
        anon: list[float] = [server_rss_mb(server.pid, "RssAnon")]
        soak_start = time.monotonic()
        last = [soak_start]

        def sample() -> None:  # (about every 10 s while the clients run)
            if time.monotonic() - last[0] >= 10:
                last[0] = time.monotonic()
                rss.append(server_rss_mb(server.pid))
                anon.append(server_rss_mb(server.pid, "RssAnon"))

        soak = run_clients(port, requests, args.clients, args.rss_requests // args.clients,
                           deadline, sample)
        rss.append(server_rss_mb(server.pid))
        anon.append(server_rss_mb(server.pid, "RssAnon"))
        # (growth from the first sample on: the first requests fill the caches)
        result["memory"] = {"requests": sum(len(v) for v in merged(soak).values()),
                            "rss_mb": rss, "anon_mb": anon,
                            "growth_mb": round(rss[-1] - rss[1], 1) if len(rss) > 1 else 0.0,
                            "anon_growth_mb": round(anon[-1] - anon[1], 1)
                            if len(anon) > 1 else 0.0}
        failures = [f for client in single + loaded + paced + soak for f in client.failures]
        result["failed_requests"] = len(failures)
        result["failures"] = failures[:10]
        result["all_requests"] = sum(len(v) for c in (single, loaded, paced, soak)
                                     for v in merged(c).values())
    finally:
        server.terminate()
        result["server_exit"] = server.wait(timeout=60)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()

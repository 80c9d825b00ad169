"""What one request costs through ``tm serve`` when nothing else runs (issue #19): the same
queries in-process and over HTTP from one client, each met hot (straight after the one
before) and after an idle spell, in one run.

    python -m bench.serve_idle --db tm.db --data bench/data/1000000 [--pause-ms 160]

A translator's CAT tool asks, then waits: the server (and the library in-process) meets each
request after an idle spell, where a benchmark loop meets it hot. Each phase runs the query mix
of bench/serve_load.py once (after a warm-up pass), one request at a time, and before each
request a seeded coin decides whether to pause first (an exponential ``--pause-ms``, mean):
the hot and the paused requests are interleaved, so the machine's drift in speed (2–3× from
hour to hour here, and it moves within minutes) falls on both alike. Phases: in-process,
HTTP from one client on a kept-alive connection, then both again; and the server's smallest
answer (``/tmserver/languages/``, kept in memory: no store work), the cost of a request
itself.

Printed per round: paused ÷ hot in-process (what an idle spell costs the library itself),
HTTP ÷ in-process hot (what HTTP adds, hot), HTTP ÷ in-process paused (what HTTP adds at the
same idleness), and paused HTTP ÷ hot in-process (both: what the load test's paced phase
meets before any contention).
"""
from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from pathlib import Path

from .serve_load import KINDS, Client, mix, start_server, summary

TINY = "/tmserver/languages/"


def measured(requests: list[tuple[str, str, str]], pause_ms: float, seed: int,
             call: Callable[[str, str, str], None]) -> dict[str, list[float]]:
    """``call(kind, path, text)`` for each request after a warm-up pass; before about half of
    them (a seeded coin) an idle spell. Times by kind, the paused ones as 'KIND paused'."""
    for request in requests:
        call(*request)
    coin, pauses = random.Random(seed), random.Random(seed + 1)
    times: dict[str, list[float]] = {}
    for kind, path, text in requests:
        paused = coin.random() < 0.5
        if paused:
            time.sleep(pauses.expovariate(1000.0 / pause_ms))
        start = time.perf_counter()
        call(kind, path, text)
        times.setdefault(f"{kind} paused" if paused else kind, []).append(
            (time.perf_counter() - start) * 1000)
    return times


def library_call(db: Path) -> Callable[[str, str, str], None]:
    from tm_tool.lookup import Lookup
    from tm_tool.store import Store

    lookup = Lookup(Store.open(db))
    run = {"lookup": lambda q: lookup.matches(q, min_score=70, limit=5),
           "concordance": lambda q: lookup.concordance(q, limit=50),
           "term": lambda q: lookup.terms(q),
           "tiny": lambda q: None}
    return lambda kind, path, text: run[kind](text)


def http_call(client: Client) -> Callable[[str, str, str], None]:
    def call(kind: str, path: str, text: str) -> None:
        client.times.setdefault(kind, [])
        client.get(kind, path)
        if client.failures:
            raise SystemExit(f"serve_idle: a request failed: {client.failures[0]}")
    return call


def p95_ratios(over: dict, over_suffix: str, under: dict, under_suffix: str
               ) -> dict[str, float]:
    return {kind: round(over[kind + over_suffix]["p95_ms"] / under[kind + under_suffix]["p95_ms"],
                        2) for kind in KINDS}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.serve_idle")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True, help="its queries.json")
    parser.add_argument("--pause-ms", type=float, default=160.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    requests = mix(json.loads((args.data / "queries.json").read_text("utf-8")))
    library = library_call(args.db)
    server, port = start_server(args.db, args.workers, args.threads, keep_alive=600)
    result: dict = {"pause_ms": args.pause_ms, "queries": len(requests), "rounds": []}
    try:
        client = Client(port)
        for number in range(args.rounds):
            seed = 10 * number
            local = summary(measured(requests, args.pause_ms, seed, library))
            remote = summary(measured(requests, args.pause_ms, seed, http_call(client)))
            tiny = summary(measured([("tiny", TINY, "")] * 200, args.pause_ms, seed + 5,
                                    http_call(client)))
            result["rounds"].append({
                "in_process": local, "http": remote, "tiny_http": tiny,
                "paused_over_hot_in_process_p95": p95_ratios(local, " paused", local, ""),
                "http_over_in_process_hot_p95": p95_ratios(remote, "", local, ""),
                "http_over_in_process_paused_p95": p95_ratios(remote, " paused", local,
                                                              " paused"),
                "http_paused_over_in_process_hot_p95": p95_ratios(remote, " paused", local, ""),
            })
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

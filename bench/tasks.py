"""Tasks that run inside one measured process: per-query timings for tm_tool, and the peer.

Each prints one JSON object on stdout. Per-query figures come from an untimed warm-up pass,
then a timed pass; p50/p95 are nearest-rank.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def timings(values: list[float]) -> dict:
    return {"p50_ms": round(percentile(values, 50), 3), "p95_ms": round(percentile(values, 95), 3),
            "max_ms": round(max(values), 3) if values else None, "n": len(values)}


def _timed(function, items) -> tuple[list[float], list]:
    for item in items:  # warm-up
        function(item)
    times, results = [], []
    for item in items:
        start = time.perf_counter()
        results.append(function(item))
        times.append((time.perf_counter() - start) * 1000)
    return times, results


def lookup_tasks(db: str, queries_path: str) -> dict:
    from tm_tool.lookup import Lookup
    from tm_tool.store import Store

    queries = json.loads(Path(queries_path).read_text(encoding="utf-8"))
    store = Store.open(db)
    lookup = Lookup(store)
    out: dict = {}
    fuzzy = queries["fuzzy"]
    times, results = _timed(lambda q: lookup.matches(q["query"], min_score=70, limit=5), fuzzy)
    # A hit is the expected segment or one identical to it (source and target): identical
    # segments are shown once, by whichever ranks first.
    expected = store.get_segments([q["id"] for q in fuzzy])
    wanted = [(expected[q["id"]].source, expected[q["id"]].target) for q in fuzzy]
    got = [[(m.source, m.target) for m in found] for found in results]
    out["fuzzy"] = {**timings(times),
                    "recall_top1": sum(1 for w, g in zip(wanted, got, strict=True)
                                       if g[:1] == [w]) / len(fuzzy),
                    "recall_top5": sum(1 for w, g in zip(wanted, got, strict=True)
                                       if w in g) / len(fuzzy)}
    # (each on its own side; the *_both ones as `tm concordance` runs by default, searching
    # both sides and uniting what they hold)
    for name, side, query_set in (("conc1", "source", "conc1"), ("conc2", "source", "conc2"),
                                  ("conc30", "source", "conc30"), ("english", "target", "english"),
                                  ("conc1_both", "both", "conc1"), ("conc2_both", "both", "conc2")):
        times, results = _timed(lambda q, s=side: lookup.concordance(q, side=s, limit=50),
                                queries[query_set])
        out[name] = {**timings(times),
                     "mean_total": round(sum(r.total for r in results) / len(results), 1),
                     "mean_hits": round(sum(len(r.hits) for r in results) / len(results), 1)}
    lookup.terms("预热")  # builds the term index once per process, like a CAT session
    times, results = _timed(lambda q: lookup.terms(q), queries["term"])
    out["term"] = {**timings(times),
                   "found": sum(1 for r in results if r) / len(results)}
    return out


def tt_tmx_read(path: str) -> dict:
    from translate.storage import tmx

    start = time.perf_counter()
    store = tmx.tmxfile.parsefile(path)
    units = 0
    for unit in store.units:
        _ = unit.source, unit.target
        units += 1
    return {"units": units, "seconds": round(time.perf_counter() - start, 2)}


def tt_matcher(tmx_path: str, queries_path: str, limit: int) -> dict:
    from translate.search import match
    from translate.storage import tmx

    # The peer's matcher pushes (score, unit) onto a heap; equal scores make heapq compare
    # units, which have no order (TypeError). A neutral order is patched in (cost unchanged).
    from translate.storage.base import TranslationUnit

    TranslationUnit.__lt__ = lambda self, other: False  # type: ignore[method-assign]
    queries = json.loads(Path(queries_path).read_text(encoding="utf-8"))["fuzzy"][:limit]
    start = time.perf_counter()
    store = tmx.tmxfile.parsefile(tmx_path)
    loaded = time.perf_counter()
    matcher = match.matcher(store, max_candidates=5, min_similarity=70)
    built = time.perf_counter()
    sources = {}
    for number, unit in enumerate(u for u in store.units if not u.isheader()):
        sources[id(unit)] = number + 1
    times, results = _timed(lambda q: matcher.matches(q["query"]), queries)
    top5 = 0
    for q, found in zip(queries, results, strict=True):
        originals = {u.source for u in found}
        if q["original"] in originals:
            top5 += 1
    return {**timings(times), "load_s": round(loaded - start, 2),
            "build_s": round(built - loaded, 2), "recall_top5": top5 / len(queries)}


def main(argv: list[str]) -> None:
    name, *args = argv
    if name == "lookup":
        result = lookup_tasks(args[0], args[1])
    elif name == "fuzzy_recall":
        from .brute_force import fuzzy_recall

        result = fuzzy_recall(args[0], args[1], int(args[2]) if len(args) > 2 else 50)
    elif name == "tt_tmx_read":
        result = tt_tmx_read(args[0])
    elif name == "tt_matcher":
        result = tt_matcher(args[0], args[1], int(args[2]))
    else:
        raise SystemExit(f"unknown task {name}")
    sys.stdout.write(json.dumps(result) + "\n")

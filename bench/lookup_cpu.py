"""Per-query CPU time of the bench lookups, for A/B pairs on a busy machine (issue #21).

    PYTHONPATH=OLD_TREE python bench/lookup_cpu.py OLD.db QUERIES.json fuzzy,conc2_both
    python bench/lookup_cpu.py NEW.db QUERIES.json fuzzy,conc2_both

Each query of each kind once to warm up, then once timed; prints one JSON object of p50/p95
CPU milliseconds (``time.process_time``: what the machine's other work moves least) and p95
wall milliseconds per kind. Run the old and the new code one after the other, a few rounds,
and compare the medians (`bench/results/2026-12-02d-1000000-lookups.md`). It uses only the
``Lookup`` API that 484b483 and later share, so the old code runs it from this file.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    from tm_tool.lookup import Lookup
    from tm_tool.store import Store

    db, queries_path, kinds = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    with open(queries_path, encoding="utf-8") as handle:
        queries = json.load(handle)
    lookup = Lookup(Store.open(db))
    run = {"fuzzy": lambda q: lookup.matches(q["query"], min_score=70, limit=5),
           "term": lookup.terms}
    for kind, side in (("conc1", "source"), ("conc2", "source"), ("conc30", "source"),
                       ("english", "target"), ("conc1_both", "both"), ("conc2_both", "both")):
        run[kind] = lambda q, s=side: lookup.concordance(q, side=s, limit=50)
    query_set = {"conc1_both": "conc1", "conc2_both": "conc2"}
    out = {}
    for kind in kinds:
        items = queries[query_set.get(kind, kind)]
        for item in items:
            run[kind](item)
        cpu, wall = [], []
        for item in items:
            started_cpu, started = time.process_time(), time.perf_counter()
            run[kind](item)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        cpu.sort()
        wall.sort()
        out[kind] = {"cpu_p50": round(cpu[len(cpu) // 2], 2),
                     "cpu_p95": round(cpu[int(len(cpu) * 0.95)], 2),
                     "wall_p95": round(wall[int(len(wall) * 0.95)], 2)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()

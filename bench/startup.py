"""Start-up: what a translator waits for at each ``tm term``, ``tm lookup`` or ``tm
concordance`` (issue #21), timed as whole processes beside a bare ``python -c pass`` from the
same venv, on the demo database (corpus/ + glossary/) and on the bench's own (the size run,
e.g. 1,000,000 segments × 5,000 terms).

Each round runs every command once, in turn, so that all meet the machine in the same
seconds; a figure is the median of the rounds, a ratio that median over python's. Bytecode is
compiled first: an installed tm has its .pyc files (pip writes them), and this sandbox sets
PYTHONDONTWRITEBYTECODE, under which every start-up would compile tm_tool from source.

    python -m bench.startup [--runs N] [--baseline REV] [--data DIR --db FILE]   (a table)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TM = str(BIN / "tm")
RUNS = 9
# (the goal: the most a command may take, in bare Python start-ups)
GOALS = {"version": 5.0, "term": 8.0, "concordance": 8.0, "lookup": 12.0}
# what is asked of the demo database: a glossary term, a sentence, a 2-character phrase
DEMO_QUERIES = {"term": "两个维护", "lookup": "坚决做到“两个维护”", "concordance": "两个"}


def commands(db: Path, queries: dict[str, str]) -> dict[str, list[str]]:
    return {
        "python": [sys.executable, "-c", "pass"],
        "version": [TM, "--version"],
        "term": [TM, "--db", str(db), "term", queries["term"]],
        "lookup": [TM, "--db", str(db), "lookup", queries["lookup"]],
        "concordance": [TM, "--db", str(db), "concordance", queries["concordance"]],
    }


def bench_queries(data: Path) -> dict[str, str]:
    """The first query of each kind of the bench's queries.json (a size run's database)."""
    queries = json.loads((data / "queries.json").read_text("utf-8"))
    return {"term": queries["term"][0], "lookup": queries["fuzzy"][0]["query"],
            "concordance": queries["conc2"][0]}


def compile_bytecode(tree: Path) -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "tm_tool")],
                   check=True, stdout=subprocess.DEVNULL)


def demo_db(work: Path, *, cwd: Path | None = None, env: dict[str, str] | None = None) -> Path:
    """The demo's database (what ``make demo`` builds), made in ``work``."""
    db = work / "demo.db"
    if not db.exists():
        run_env = {**os.environ, "TM_NO_PROGRESS": "1", **(env or {})}
        for args in (["import", "--src", "zh-CN", "--tgt", "en",
                      *sorted(map(str, (ROOT / "corpus").glob("*.tsv")))],
                     ["glossary", "import", *sorted(map(str, (ROOT / "glossary").glob("*.tsv")))]):
            subprocess.run([TM, "--db", str(db), *args], check=True, cwd=cwd, env=run_env,
                           stdout=subprocess.DEVNULL)
    return db


def measure(cmds: dict[str, list[str]], runs: int = RUNS, *, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> dict:
    """Median wall seconds of each command over ``runs`` interleaved rounds, and its ratio
    to ``python -c pass``."""
    run_env = {**os.environ, "TM_NO_PROGRESS": "1", **(env or {})}
    times: dict[str, list[float]] = {name: [] for name in cmds}
    failed: set[str] = set()
    for _ in range(runs):
        for name, command in cmds.items():
            started = time.perf_counter()
            proc = subprocess.run(command, cwd=cwd, env=run_env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, check=False)
            times[name].append(time.perf_counter() - started)
            if proc.returncode != 0:
                failed.add(name)
                sys.stderr.write(f"bench: {' '.join(command)} failed: {proc.stderr[-500:]!r}\n")
    python = statistics.median(times["python"])
    return {name: {"median_ms": round(statistics.median(values) * 1000, 1),
                   "ratio": round(statistics.median(values) / python, 2),
                   "ok": name not in failed, "runs": len(values),
                   "command": " ".join(cmds[name])}
            for name, values in times.items()}


def run(work: Path, *, big_db: Path | None = None, data: Path | None = None,
        tree: Path | None = None, runs: int = RUNS) -> dict:
    """Both databases (the big one if given), and with the baseline's code (``tree``) when
    given, each round of this code right after the baseline's."""
    compile_bytecode(ROOT)
    base_env = {"PYTHONPATH": str(tree)} if tree else None
    if tree is not None:
        compile_bytecode(tree)
    results: dict = {"runs": runs, "goals": GOALS}
    dbs = [("demo", demo_db(work), DEMO_QUERIES)]
    if big_db is not None and big_db.exists() and data is not None:
        dbs.append(("big", big_db, bench_queries(data)))
    for label, db, queries in dbs:
        print(f"bench: start-up on the {label} database …", flush=True)
        cmds = commands(db, queries)
        if tree is None:
            results[label] = measure(cmds, runs)
            continue
        # interleaved by halves: baseline, this code, baseline, this code
        half = max(1, runs // 2)
        first_base = measure(cmds, half, cwd=tree, env=base_env)
        first = measure(cmds, half)
        second_base = measure(cmds, runs - half, cwd=tree, env=base_env)
        second = measure(cmds, runs - half)
        results[label] = _merge(first, second)
        results.setdefault("baseline", {})[label] = _merge(first_base, second_base)
    return results


def _merge(a: dict, b: dict) -> dict:
    """Two measurements of the same commands as one (the mean of their medians)."""
    merged = {}
    for name in a:
        ms = round((a[name]["median_ms"] + b[name]["median_ms"]) / 2, 1)
        python = (a["python"]["median_ms"] + b["python"]["median_ms"]) / 2
        merged[name] = {**a[name], "median_ms": ms, "ratio": round(ms / python, 2),
                        "ok": a[name]["ok"] and b[name]["ok"],
                        "runs": a[name]["runs"] + b[name]["runs"]}
    return merged


def markdown(startup: dict | None) -> list[str]:
    """The results file's start-up table (nothing if the run had none)."""
    if not startup:
        return []
    lines = ["", "## Start-up: whole processes (issue #21)", "",
             f"Median of {startup['runs']} interleaved rounds; × = the wall time over a bare "
             "`python -c pass` from the same venv, in the same rounds; bytecode compiled.", "",
             "| command | demo DB | × | big DB | × | goal | baseline demo × | baseline big × |",
             "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |"]
    base = startup.get("baseline", {})
    for name in ("python", "version", "term", "lookup", "concordance"):
        cells = []
        for label in ("demo", "big"):
            figure = startup.get(label, {}).get(name)
            cells += ([f"{figure['median_ms']:,.0f} ms", f"{figure['ratio']:.1f}×"]
                      if figure else ["n/a", ""])
        goal = f"≤ {GOALS[name]:g}× (demo)" if name in GOALS else ""
        base_cells = [f"{base[label][name]['ratio']:.1f}×" if label in base else "n/a"
                      for label in ("demo", "big")]
        shown = "python -c pass" if name == "python" else f"tm {name}"
        lines.append(f"| {shown} | {' | '.join(cells)} | {goal} | {' | '.join(base_cells)} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.startup")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--data", type=Path, default=None,
                        help="a bench data folder (its queries.json) for --db")
    parser.add_argument("--db", type=Path, default=None, help="a big database too")
    parser.add_argument("--baseline", metavar="REV", default=None,
                        help="also time the code of this commit, interleaved")
    args = parser.parse_args()
    tree = None
    if args.baseline:
        from .run import baseline_tree

        tree = baseline_tree(args.baseline)
    with tempfile.TemporaryDirectory() as work:
        results = run(Path(work), big_db=args.db, data=args.data, tree=tree, runs=args.runs)
    print("\n".join(markdown(results)))


if __name__ == "__main__":
    main()

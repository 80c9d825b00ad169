"""Run every benchmark task as its own process and write the results files."""

from __future__ import annotations

import json
import os
import platform
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import startup
from .generate import generate

ROOT = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
TM = str(BIN / "tm")


@dataclass
class Measure:
    seconds: float
    rss_mb: float
    ok: bool
    output: str
    command: str


def run_child(command: list[str], *, cwd: Path | None = None,
              env: dict[str, str] | None = None) -> Measure:
    """Wall time and peak RSS of ``command``, run under a fresh intermediate process so that
    RUSAGE_CHILDREN's ru_maxrss is the task's own and no earlier task's (``cwd``/``env``: to run
    it with a baseline's code)."""
    wrapper = [sys.executable, "-c",
               "import json,resource,subprocess,sys,time;"
               "t=time.perf_counter();p=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
               "s=time.perf_counter()-t;"
               "r=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024;"
               "sys.stderr.write(p.stderr);"
               "print(json.dumps({'rc':p.returncode,'s':s,'rss':r,'out':p.stdout}))",
               *command]
    proc = subprocess.run(wrapper, capture_output=True, text=True,
                          env={**os.environ, "TM_NO_PROGRESS": "1", **(env or {})}, cwd=cwd,
                          check=False)
    try:
        data = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        data = {"rc": 1, "s": 0, "rss": 0, "out": ""}
    if data["rc"] != 0:
        sys.stderr.write(f"bench: {shlex.join(command)} failed:\n{proc.stderr[-2000:]}\n")
    return Measure(round(data["s"], 2), round(data["rss"], 1), data["rc"] == 0, data["out"],
                   shlex.join(command))


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "platform": platform.platform()}


def baseline_tree(rev: str) -> Path:
    """A checkout of ``rev`` (its files only, no .git) under bench/cache, made once: the code
    the tm_tool tasks are run again with, for ratios measured in the same run."""
    commit = subprocess.run(["git", "-C", str(ROOT.parent), "rev-parse", "--verify",
                             f"{rev}^{{commit}}"], capture_output=True, text=True, check=False)
    if commit.returncode != 0:
        raise SystemExit(f"bench: --baseline {rev}: not a commit of this repository")
    tree = ROOT / "cache" / f"baseline-{commit.stdout.strip()[:12]}"
    if not (tree / "tm_tool").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT.parent), "archive", commit.stdout.strip()],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def tm_tasks(data: Path, work: Path) -> list[tuple[str, list[str]]]:
    """The tm_tool tasks in the order they run (later ones read the databases the imports
    made)."""
    db_tsv, db_tmx = work / "tsv.db", work / "tmx.db"
    return [
        ("import_tsv", [TM, "--db", str(db_tsv), "import", "--src", "zh-CN", "--tgt", "en",
                        str(data / "tm.tsv")]),
        ("import_tmx", [TM, "--db", str(db_tmx), "import", str(data / "tm.tmx")]),
        # (--force: CC-CEDICT glosses keep some double spaces, which a controlled glossary
        # refuses)
        ("glossary_import", [TM, "--db", str(db_tsv), "glossary", "import", "--force",
                             str(data / "glossary5k.tsv")]),
        ("lookup", [sys.executable, "-m", "bench", "task", "lookup", str(db_tsv),
                    str(data / "queries.json")]),
        # the fuzzy lookup's top 5 against scoring every stored source (bench/brute_force.py)
        ("fuzzy_recall", [sys.executable, "-m", "bench", "task", "fuzzy_recall", str(db_tsv),
                          str(data / "queries.json"), "50"]),
        ("check", [TM, "--db", str(db_tsv), "check", "--glossary", str(data / "glossary5k.tsv"),
                   "--format", "json", "-o", str(work / "check.json"), "--fail-on", "never"]),
        ("export_tmx", [TM, "--db", str(db_tsv), "export", "--format", "tmx", "-o",
                        str(work / "out.tmx")]),
        ("export_po", [TM, "--db", str(db_tsv), "export", "--format", "po", "-o",
                       str(work / "out.po")]),
        # a new file against the memory (issue #18): what a project manager and a translator
        # wait for before work starts
        ("analyze", [TM, "--db", str(db_tsv), "analyze", str(data / NEW_FILE), "--json", "-o",
                     str(work / "analysis.json")]),
        ("pretranslate", [TM, "--db", str(db_tsv), "pretranslate", str(data / NEW_TABLE), "-o",
                          str(work / "pretranslated.tsv"), "--json"]),
        # glossary candidates from the memory (issue #16); their quality on TICO-19 and the seed
        # corpus is measured by bench/extract_eval.py, run as its own task
        ("glossary_extract", [TM, "--db", str(db_tsv), "glossary", "extract", "--top", "1000",
                              "-o", str(work / "candidates.tsv")]),
        ("extract_eval", [sys.executable, str(ROOT / "extract_eval.py"), "--json"]),
        # one request's cost through tm serve, hot and after idle spells (issue #19)
        ("serve_idle", [sys.executable, "-m", "bench.serve_idle", "--db", str(db_tsv),
                        "--data", str(data), "--rounds", "1"]),
        # tm serve under 8 clients while an import writes (issue #19); last: it imports
        ("serve_load", [sys.executable, "-m", "bench.serve_load", "--db", str(db_tsv),
                        "--data", str(data)]),
    ]


NEW_FILE, NEW_TABLE = "new.tsv", "new-with-status.tsv"


def new_file(data: Path, size: int) -> int:
    """Write the file to analyse and pre-translate (scripts/make_analysis_input.py: sources of
    the memory kept, edited, shuffled and repeated; seeded) and its copy with an empty
    ``status`` column (a table without one gets exact fills only); return its size."""
    count = min(10_000, size // 10)
    if not (data / NEW_TABLE).exists():
        subprocess.run([sys.executable, str(ROOT.parent / "scripts" / "make_analysis_input.py"),
                        str(data / "tm.tsv"), str(data / NEW_FILE), str(count), "18"], check=True)
        lines = (data / NEW_FILE).read_text("utf-8").splitlines()
        (data / NEW_TABLE).write_text("\n".join(f"{line}\t" if i else "id\tzh\ten\tstatus"
                                                for i, line in enumerate(lines)) + "\n",
                                      "utf-8")
    return count


def _record(m: Measure, name: str, work: Path) -> dict:
    task = {"seconds": m.seconds, "rss_mb": m.rss_mb, "ok": m.ok, "command": m.command}
    if name in ("import_tsv", "import_tmx"):
        db = work / f"{name[-3:]}.db"
        task["db_mb"] = round(db.stat().st_size / 2**20, 1) if db.exists() else None
    if name in ("lookup", "fuzzy_recall", "serve_idle", "serve_load") and m.ok:
        task.update(json.loads(m.output))
    if name == "analyze" and (work / "analysis.json").exists():
        bands = json.loads((work / "analysis.json").read_text("utf-8"))["total"]["bands"]
        task["bands"] = {band: figures["segments"] for band, figures in bands.items()}
    if name == "pretranslate" and m.ok:
        report = json.loads(m.output)
        task["filled"] = {key: report[key] for key in ("units", "filled_exact", "filled_fuzzy",
                                                       "filled_repaired", "skipped")}
    if name == "extract_eval" and m.ok:
        task.update(json.loads(m.output))
    if name == "check" and (work / "check.json").exists():
        task["findings"] = json.loads((work / "check.json").read_text("utf-8"))["summary"][
            "by_check"]
    return task


def _has_command(tree: Path, command: list[str]) -> bool:
    """Whether the baseline's tm knows this command (analyze and pretranslate came later)."""
    if command[0] != TM:  # (a bench module: the baseline's bench must have it)
        module = command[2] if len(command) > 2 and command[1] == "-m" else ""
        return not module.startswith("bench.") or (
            tree / (module.replace(".", "/") + ".py")).exists()
    probe = subprocess.run([TM, command[3], "--help"], capture_output=True, cwd=tree,
                           env={**os.environ, "PYTHONPATH": str(tree)}, check=False)
    return probe.returncode == 0


def run(size: int, *, peer: bool = True, matcher_queries: int | None = None,
        baseline: str | None = None) -> Path:
    data = ROOT / "data" / str(size)
    if not (data / "info.json").exists():
        print(f"bench: generating {size:,} segments in {data}", flush=True)
        started = time.perf_counter()
        info = generate(size, data)
        info["generate_s"] = round(time.perf_counter() - started, 1)
        (data / "info.json").write_text(json.dumps(info), "utf-8")
    info = json.loads((data / "info.json").read_text("utf-8"))
    work = ROOT / "data" / f"{size}-work"
    base_work = ROOT / "data" / f"{size}-work-baseline"
    for folder in (work, base_work):
        shutil.rmtree(folder, ignore_errors=True)
    work.mkdir(parents=True)
    results: dict = {"size": size, "machine": machine(), "data": info, "tasks": {}}
    tasks = results["tasks"]
    tree = baseline_tree(baseline) if baseline else None
    if tree is not None:
        base_work.mkdir(parents=True)
        results["baseline"] = {"rev": baseline, "tree": tree.name, "tasks": {}}
    # Each task runs with the baseline's code first (its own databases: an older schema may
    # refuse a newer one), then with this code, so both meet the machine in the same minute.
    base_tasks = dict(tm_tasks(data, base_work))
    results["new_file_segments"] = new_file(data, size)
    for name, command in tm_tasks(data, work):
        if tree is not None and _has_command(tree, command):
            print(f"bench: baseline {name} …", flush=True)
            m = run_child(base_tasks[name], cwd=tree, env={"PYTHONPATH": str(tree)})
            if not m.ok and "--force" in base_tasks[name]:  # (older code has no --force)
                m = run_child([a for a in base_tasks[name] if a != "--force"], cwd=tree,
                              env={"PYTHONPATH": str(tree)})
            results["baseline"]["tasks"][name] = _record(m, name, base_work)
        print(f"bench: {name} …", flush=True)
        tasks[name] = _record(run_child(command), name, work)
    # whole-process start-up (issue #21) on the demo DB and on the one import_tsv made
    results["startup"] = startup.run(work, big_db=work / "tsv.db", data=data, tree=tree)
    if peer:
        results["peer"] = peer_tasks(data, work, size, matcher_queries)
    # tm align on the gold sets, with a Gale–Church-only baseline in the same run (#15)
    m = run_child([sys.executable, "-m", "bench.align_eval", "--json", "--work", str(work)],
                  cwd=ROOT.parent)
    results["align"] = json.loads(m.output) if m.ok else {"ok": False, "command": m.command}
    for folder in (work, base_work):
        shutil.rmtree(folder, ignore_errors=True)
    return write(results)


def peer_tasks(data: Path, work: Path, size: int, matcher_queries: int | None) -> dict:
    """Translate Toolkit on the same data: TMX reading, po2tmx, its fuzzy matcher."""
    tasks: dict = {}

    def peer_step(name: str, command: list[str]) -> Measure:
        print(f"bench: peer {name} …", flush=True)
        m = run_child(command)
        tasks[name] = {"seconds": m.seconds, "rss_mb": m.rss_mb, "ok": m.ok,
                       "command": m.command}
        return m

    m = peer_step("tmx_read", [sys.executable, "-m", "bench", "task", "tt_tmx_read",
                               str(data / "tm.tmx")])
    if m.ok:
        tasks["tmx_read"].update(json.loads(m.output))
    peer_step("po2tmx", [str(BIN / "po2tmx"), "-l", "en", "--source-language", "zh-CN",
                         str(data / "tm.po"), str(work / "peer.tmx")])
    count = matcher_queries or (200 if size <= 100_000 else 50)
    m = peer_step("matcher", [sys.executable, "-m", "bench", "task", "tt_matcher",
                              str(data / "tm.tmx"), str(data / "queries.json"), str(count)])
    if m.ok:
        tasks["matcher"].update(json.loads(m.output))
    # OmegaT 3.6 beside tm analyze: its project statistics after console-translate filled the
    # exact matches from the memory in tm/auto (scripts/omegat_stats.py)
    m = peer_step("omegat_stats", [sys.executable, str(ROOT.parent / "scripts" / "omegat_stats.py"),
                                   str(data / NEW_FILE), str(data / "tm.tmx")])
    if m.ok:
        stats = json.loads(m.output)
        tasks["omegat_stats"].update(exact=stats["exact"], total=stats["table"]["total"])
    # Translate Toolkit's pretranslate beside tm pretranslate on a real PO file (its matcher
    # takes ~1 s a query at 1M, so not on the bench's new file): Django's admin catalogue,
    # the memory Django's other zh_Hans catalogues, the reference its own translations.
    django = ROOT.parent.parent / "shared" / "realworld" / "po" / "django"
    if django.is_dir():
        new = django / "admin_zh_Hans_django.po"
        memory = [str(p) for p in sorted(django.glob("*_zh_Hans_*.po")) if p != new]
        m = peer_step("pretranslate_po", [
            sys.executable, str(ROOT.parent / "scripts" / "pretranslate_peer.py"), "--input",
            str(new), "--reference", str(new), "--memory", *memory, "--workdir",
            str(work / "pretranslate-peer")])
        if m.ok:
            tasks["pretranslate_po"].update(json.loads(m.output))
    return tasks


def write(results: dict) -> Path:
    from .report import markdown

    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    folder = Path(os.environ.get("TM_BENCH_RESULTS", ROOT / "results"))
    folder.mkdir(exist_ok=True)
    base = folder / f"{stamp}-{results['size']}"
    base.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False),
                                         "utf-8")
    base.with_suffix(".md").write_text(markdown(results), "utf-8")
    return base.with_suffix(".md")

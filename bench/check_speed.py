"""tm check with two versions of the code on the same data, interleaved: CPU time, wall, RSS.

    python -m bench.check_speed OLD_CODE OLD_DB NEW_CODE NEW_DB GLOSSARY [RUNS]

OLD_CODE and NEW_CODE are trees holding tm_tool (``git archive REV | tar -x -C DIR``); each
runs on its own database, since an older tm_tool refuses a newer schema (import the same TSV
with the old code for OLD_DB). The command is the bench's check task (bench/run.py). Each
run is a whole process; CPU is its user + system time, workers included (the machine's 2
cores are shared, so CPU time is the fairer figure), wall the time the user waits (where the
workers' parallelism shows); both ratios are taken pair by pair. The JSON reports of
the last pair are left in the working directory (check-old.json, check-new.json).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_check(code: Path, db: Path, glossary: Path, out: Path) -> dict[str, float]:
    """One whole-process tm check: its CPU (user, system), wall time and peak RSS."""
    env = {**os.environ, "PYTHONPATH": str(code), "TM_NO_PROGRESS": "1"}
    command = [sys.executable, "-m", "tm_tool", "--db", str(db), "check", "--glossary",
               str(glossary), "--format", "json", "-o", str(out), "--fail-on", "never"]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        # (cwd outside any checkout: python -m puts the cwd first on sys.path)
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env,
                                 cwd=tempfile.gettempdir())
        _, status, usage = os.wait4(child.pid, 0)  # this child's own usage and peak RSS
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if child.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"check_speed: {code}: {errors.read().decode().strip()}")
    return {"user": usage.ru_utime, "sys": usage.ru_stime, "wall": wall,
            "rss_mb": usage.ru_maxrss / 1024}


def main(argv: list[str]) -> None:
    if len(argv) not in (5, 6):
        raise SystemExit(__doc__)
    old_code, old_db, new_code, new_db, glossary = map(Path, argv[:5])
    runs = int(argv[5]) if len(argv) == 6 else 2
    ratios, walls = [], []
    for i in range(runs):
        old = run_check(old_code, old_db, glossary, Path("check-old.json").resolve())
        new = run_check(new_code, new_db, glossary, Path("check-new.json").resolve())
        for name, r in (("old", old), ("new", new)):
            print(f"run {i + 1} {name}: CPU {r['user'] + r['sys']:.1f} s (user {r['user']:.1f},"
                  f" sys {r['sys']:.1f}), wall {r['wall']:.1f} s, peak RSS "
                  f"{r['rss_mb']:.0f} MB", flush=True)
        ratios.append((old["user"] + old["sys"]) / (new["user"] + new["sys"]))
        walls.append(old["wall"] / new["wall"])
    for name, values in (("CPU", ratios), ("wall", walls)):
        print(f"{name} ratio old/new per pair: {', '.join(f'{r:.2f}' for r in values)}; median "
              f"{statistics.median(values):.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])

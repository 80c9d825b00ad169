"""The benchmark runs end to end on a small TM (the figures are make bench's business)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_bench_runs_end_to_end_at_2000(tmp_path: Path) -> None:
    from bench.generate import Generator

    gen = Generator()
    first = list(gen.rows(50))
    assert [r for r in Generator().rows(50)] == first  # same seed, same data
    assert list(gen.rows(60))[:50] == first  # row k does not depend on N
    proc = subprocess.run([sys.executable, "-m", "bench", "run", "--size", "2000"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, "TM_BENCH_RESULTS": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = sorted(tmp_path.glob("*-2000.json"))[-1]
    data = json.loads(results.read_text(encoding="utf-8"))
    assert all(task["ok"] for task in data["tasks"].values()), data["tasks"]
    assert data["tasks"]["lookup"]["fuzzy"]["recall_top5"] >= 0.9
    assert data["peer"]["matcher"]["ok"] and data["peer"]["tmx_read"]["units"] == 2000
    assert "| fuzzy lookup p50 / p95" in results.with_suffix(".md").read_text(encoding="utf-8")

"""tm check at scale (issue #21): the streamed, parallel check of a TM reports exactly what the
check before it reported, on the benchmark's 100,000-segment memory and 5,000-term glossary.

"Before" is the code of REFERENCE (the commit before the findings were streamed to disk and
the TM read by worker processes), run from a ``git archive`` of it with the same Python. Its
JSON report and this code's must hold the same findings, in the same order, with the same
summary, but for one rule changed on purpose since (a Five-Year Plan's name, 十四五, is read as
14 and 5: the number findings on sources holding one are left out of the comparison); the
parallel and the one-process runs of this code must be the same bytes. Speed and memory are
measured by ``make bench``, not here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from tm_tool.checks.numerals.chinese import _PLAN

REFERENCE = "484b483"  # main before issue #21's check at scale
SIZE = 100_000

pytestmark = pytest.mark.slow


def _tm(args: list[str], *, code: Path | None = None, jobs: str | None = None
        ) -> subprocess.CompletedProcess:
    env = {**os.environ, "TM_NO_PROGRESS": "1"}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    command = [sys.executable, "-m", "tm_tool", *args]
    if jobs is not None:
        command += ["--jobs", jobs]
    return subprocess.run(command, capture_output=True, text=True, env=env,
                          cwd=code or ROOT, check=False)


@pytest.fixture(scope="module")
def memory(tmp_path_factory, reference_code) -> tuple[Path, Path]:
    """(the database of the benchmark's 100,000 segments, its 5,000-term glossary), imported
    by the reference code: an older tm_tool refuses a newer schema, and this one upgrades the
    file when it opens it (the report names the same file for both)."""
    from bench.generate import generate

    folder = tmp_path_factory.mktemp("scale")
    data = ROOT / "bench" / "data" / str(SIZE)
    if not (data / "tm.tsv").exists():
        data = folder / "data"
        generate(SIZE, data)
    db = folder / "tm.db"
    done = _tm(["--db", str(db), "import", "--src", "zh-CN", "--tgt", "en",
                str(data / "tm.tsv")], code=reference_code)
    assert done.returncode == 0, done.stderr
    return db, data / "glossary5k.tsv"


@pytest.fixture(scope="module")
def reference_code(tmp_path_factory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the reference code comes from the repository")
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", REFERENCE, "tm_tool"],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        pytest.skip(f"commit {REFERENCE} is not in this repository's history")
    tree = tmp_path_factory.mktemp("reference")
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def test_the_streamed_check_reports_what_the_check_before_it_did(memory, reference_code,
                                                                   tmp_path: Path) -> None:
    db, glossary = memory
    reports = {}
    for name, code, jobs in (("before", reference_code, None), ("now", None, None),
                             ("now, one process", None, "1")):
        out = tmp_path / f"{name}.json"
        done = _tm(["--db", str(db), "check", "--glossary", str(glossary), "--format", "json",
                    "-o", str(out), "--fail-on", "never"], code=code, jobs=jobs)
        assert done.returncode == 0, done.stderr
        reports[name] = out.read_bytes()
    assert b'"term-missing"' in reports["before"] and b'"inconsistent-source"' in reports[
        "before"]
    assert reports["now, one process"] == reports["now"]
    # Since REFERENCE one rule changed on purpose: a Five-Year Plan's name (十四五) is read as
    # its number and 五, no longer as 15, so number findings on sources holding one differ.
    # Everything else is the same, finding by finding and in order.
    before, now = _without_plan_numbers(reports["before"]), _without_plan_numbers(reports["now"])
    assert now == before
    assert len(json.loads(reports["before"])["findings"]) - len(before[1]) < 100


def _without_plan_numbers(report: bytes) -> tuple[dict, list[dict]]:
    """A JSON report's summary (its counts aside) and findings, without the number findings
    on sources that hold a Five-Year Plan's name."""
    data = json.loads(report)
    kept = [f for f in data["findings"] if not (
        f["check"] == "number-mismatch" and _PLAN.search(f["source"] or ""))]
    summary = {key: value for key, value in data["summary"].items()
               if key not in ("findings", "units_affected", "by_severity", "by_check")}
    return summary, kept

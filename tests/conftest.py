"""Shared fixtures.

Interop rule: a test that needs an external program (xmllint, msgfmt, OmegaT, Chromium,
Translate Toolkit) or the ../shared folder skips with a clear reason when it is absent, and fails
instead when TM_REQUIRE_INTEROP=1 (as CI sets), so a skip in CI is never silent.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from pg import pg_server, pg_url  # noqa: F401 (fixtures: a throwaway PostgreSQL)

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "corpus"
GLOSSARY_DIR = ROOT / "glossary"
SHARED = Path(os.environ.get("TM_SHARED", ROOT.parent / "shared"))
REQUIRE_INTEROP = os.environ.get("TM_REQUIRE_INTEROP") == "1"
# The glossary key cache (tm_tool/lookup/termcache.py) of the tests' `tm` processes: in a
# folder of this run, never the user's ~/.cache.
os.environ.setdefault("TM_CACHE_DIR", tempfile.mkdtemp(prefix="tm-test-cache-"))

# In CI (CI set, as .ci/run and CI services do) property tests draw the same examples on every
# run, so a red build is reproducible and a green one is not luck; locally they stay random to
# find new cases. A test's own @settings(max_examples=...) still wins over the profile's.
settings.register_profile("ci", derandomize=True, max_examples=100, deadline=None,
                          database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def missing(reason: str) -> None:
    """Skip (or, under TM_REQUIRE_INTEROP=1, fail) because something external is absent."""
    if REQUIRE_INTEROP:
        pytest.fail(f"TM_REQUIRE_INTEROP=1 but {reason}")
    pytest.skip(reason)


def require_program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        missing(f"{name} is not installed")
    return path  # type: ignore[return-value]


def require_module(name: str):
    try:
        return __import__(name)
    except ImportError:
        missing(f"Python module {name} is not installed")


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared (real-world files, specs, tools); skip when absent."""
    if not (SHARED / "realworld").is_dir():
        missing(f"{SHARED} (shared real-world files) is not present")
    return SHARED


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run_tm(*args: str | Path, stdin: str | None = None) -> Result:
    """Run the ``tm`` command in-process, as a user would from a shell."""
    from tm_tool.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    code = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main([str(a) for a in args])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdin = old_stdin
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def tm():
    return run_tm


def build_corpus_db(path: Path) -> Path:
    corpus = sorted(CORPUS_DIR.glob("*.tsv"))
    glossary = sorted(GLOSSARY_DIR.glob("*.tsv"))
    assert corpus and glossary, "corpus/*.tsv and glossary/*.tsv must exist"
    result = run_tm("--db", path, "import", "--src", "zh-CN", "--tgt", "en", *corpus)
    assert result.exit_code == 0, result.stderr
    result = run_tm("--db", path, "glossary", "import", *glossary)
    assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """A database built from corpus/ and glossary/ (read-only for tests: copy to modify)."""
    return build_corpus_db(tmp_path_factory.mktemp("corpus") / "tm.db")

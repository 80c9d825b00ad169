"""Start-up (issue #21): what the installed ``tm`` imports for the commands a translator runs
dozens of times an hour, and that making it start fast changed nothing a user sees. (How fast
is bench/startup.py's business, never a timed test's.)"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import build_corpus_db

TM = Path(sys.executable).parent / "tm"
# Heavy modules none of the quick commands needs (numpy ≈ 4 bare Python start-ups here,
# pydantic: typer's coercion of values, sqlite_utils imports numpy and click).
HEAVY = ("numpy", "pandas", "lxml", "sacrebleu", "pydantic", "sqlite_utils", "rich.table",
         "tm_tool.checks", "tm_tool.formats", "tm_tool.scoring", "tm_tool.workflow")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus_db(tmp_path_factory.mktemp("startup") / "tm.db")


# The installed script run as it runs, and the modules it leaves behind written out at exit
# (sys.modules: -X importtime misses what importlib.import_module loads).
_RUN = ("import atexit, runpy, sys\n"
        "listing, *sys.argv = sys.argv[1:]\n"
        "def dump():\n"
        "    with open(listing, 'w') as out: out.write('\\n'.join(sorted(sys.modules)))\n"
        "atexit.register(dump)\n"
        "runpy.run_path(sys.argv[0], run_name='__main__')\n")


def imported(*args: str | Path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The modules the installed ``tm`` has imported when it exits, run with ``args``."""
    env = {**os.environ, "TM_NO_PROGRESS": "1", "COLUMNS": "100"}
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "modules"
        proc = subprocess.run([sys.executable, "-c", _RUN, str(listing), str(TM),
                               *map(str, args)], capture_output=True, text=True, env=env,
                              check=False, timeout=120)
        modules = set(listing.read_text().split()) if listing.exists() else set()
    assert modules, proc.stderr[-2000:]
    return modules, proc


def heavy(modules: set[str], also: tuple[str, ...] = ()) -> set[str]:
    return {m for m in modules
            if any(m == name or m.startswith(name + ".") for name in HEAVY + also)}


def test_version_imports_neither_rich_nor_the_store() -> None:
    modules, proc = imported("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("tm ")
    assert heavy(modules, ("rich", "rapidfuzz", "opencc", "tm_tool.store", "tm_tool.lookup")
                 ) == set()


def test_version_says_what_typer_says() -> None:
    """``tm --version`` alone is answered before the app is built; with another option
    first typer answers: the same line, the same status."""
    fast = subprocess.run([TM, "--version"], capture_output=True, text=True, check=False)
    typer = subprocess.run([TM, "--db", "x.db", "--version"], capture_output=True, text=True,
                           check=False)
    assert (fast.returncode, fast.stdout, fast.stderr) == (typer.returncode, typer.stdout,
                                                          typer.stderr) == (0, fast.stdout, "")


@pytest.mark.parametrize("args", [
    ["term", "两个维护"],
    ["term", "Two Upholds", "--json"],
    ["concordance", "两个"],
])
def test_quick_commands_import_nothing_heavy(db: Path, args: list[str]) -> None:
    modules, proc = imported("--db", db, *args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip()
    # (concordance on a small memory reads its postings without NumPy, index/idsets.py; a
    # term lookup scores near terms with rapidfuzz, a concordance has no use for it)
    assert heavy(modules, ("tm_tool.lookup.fuzzy", "tm_tool.lookup.matches",
                           *(("rapidfuzz",) if args[0] == "concordance" else ()))) == set()


def test_a_command_imports_its_own_module_only(db: Path) -> None:
    modules, proc = imported("--db", db, "term", "两个维护")
    assert proc.returncode == 0
    commands = {m for m in modules if m.startswith("tm_tool.cli.")}
    assert commands == {"tm_tool.cli.app", "tm_tool.cli.coercion", "tm_tool.cli.lookup"}


def test_json_output_makes_no_rich_console(db: Path) -> None:
    modules, proc = imported("--db", db, "term", "Two Upholds", "--json")
    assert json.loads(proc.stdout)["terms"][0]["matched"] == "Two Upholds"
    assert not any(m == "rich" or m.startswith("rich.") for m in modules)


def test_help_lists_every_command_in_the_documented_order() -> None:
    """The lazy table keeps --help's order (it was the import order of the modules)."""
    def listed(*args: str) -> list[str]:
        proc = subprocess.run([TM, *args, "--help"], capture_output=True, text=True,
                              env={**os.environ, "COLUMNS": "100"}, check=False)
        assert proc.returncode == 0, proc.stderr
        panel = proc.stdout.split("Commands")[1]
        return re.findall(r"^│ ([a-z][a-z-]*) ", panel, re.M)

    assert listed() == ["import", "export", "stats", "lookup", "concordance", "term", "check",
                        "score", "analyze", "pretranslate", "align", "migrate", "serve", "glossary",
                        "segments"]
    assert listed("glossary") == ["import", "add", "set-status", "remove", "rename",
                                  "history", "list", "validate", "export", "extract"]
    assert listed("segments") == ["list", "show", "edit", "set-status", "delete", "dedupe",
                                  "history"]


def test_an_unknown_command_still_suggests_a_known_one() -> None:
    proc = subprocess.run([TM, "concordanse", "x"], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 2
    assert "concordance" in proc.stderr and "Traceback" not in proc.stderr


# --- values coerced without pydantic: the same as typer's own coercion ----------------------


def _params() -> list:
    """Every parameter of every tm command, as the CLI builds them."""
    import typer

    from tm_tool.cli import app

    found = []

    def walk(command) -> None:
        found.extend(command.get_params(typer.Context(command)))  # (as a run sees them)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    return found


VALUES = ["20", "0", "1", "100", "101", "-3", "007", " 3", "1.5", "abc", "", "+4", "١٢",
          "tm.db", "-", "some/file.tsv", "两个维护"]


def test_quick_coercion_answers_as_typer_does() -> None:
    import typer
    from typer._coercion import build_runtime_param

    from tm_tool.cli import app
    from tm_tool.cli.coercion import QuickParam

    ctx = typer.Context(typer.main.get_command(app))
    checked = 0
    for param in _params():
        runtime = param.get_runtime_param()
        if not isinstance(runtime, QuickParam):
            continue
        typers = build_runtime_param(param.type_descriptor)
        values = [[v] for v in VALUES] if param.nargs == -1 else VALUES
        for value in values:
            try:
                expected: object = typers.coerce(value, param=param, ctx=ctx)
            except Exception as exc:  # (the same error, or none, is the point)
                expected = (type(exc), str(exc))
            try:
                got: object = runtime.coerce(value, param=param, ctx=ctx)
            except Exception as exc:
                got = (type(exc), str(exc))
            assert got == expected, (param.name, value)
            checked += 1
    assert checked > 500


# --- the glossary's term keys, kept between processes (tm_tool/lookup/termcache.py) ---------


def test_term_answers_alike_with_the_cache_off_cold_and_warm(
        corpus_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tm) -> None:
    answers = []
    for cache in ("", str(tmp_path / "cache"), str(tmp_path / "cache")):
        monkeypatch.setenv("TM_CACHE_DIR", cache)
        for query in ("两个维护", "兩個確立", "湾区", "Two Upholds"):
            result = tm("--db", corpus_db, "term", query, "--json")
            assert result.exit_code == 0, result.stderr
            answers.append((query, result.stdout))
    assert answers[:4] == answers[4:8] == answers[8:]
    assert len(list((tmp_path / "cache").glob("term-keys-*"))) == 1


def test_a_changed_glossary_is_never_answered_from_an_old_cache(
        corpus_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tm) -> None:
    monkeypatch.setenv("TM_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "tm.db"
    db.write_bytes(corpus_db.read_bytes())
    assert "no glossary entry" in tm("--db", db, "term", "量子试验田").stderr
    assert tm("--db", db, "glossary", "add", "quantum-pilot-field", "--zh", "量子试验田",
              "--en", "quantum pilot field", "--user", "t").exit_code == 0
    found = json.loads(tm("--db", db, "term", "量子试验田", "--json").stdout)["terms"]
    assert [hit["concept"] for hit in found][:1] == ["quantum-pilot-field"]


def test_a_cache_folder_that_cannot_be_written_is_no_error(
        corpus_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tm) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("TM_CACHE_DIR", str(blocked / "cache"))
    result = tm("--db", corpus_db, "term", "两个维护")
    assert result.exit_code == 0 and "Two Upholds" in result.stdout
    assert result.stderr == ""


# --- the bench task (bench/startup.py): it runs, and its table says what it measured --------


def test_the_startup_bench_times_every_command_and_writes_its_table(db: Path) -> None:
    from bench import startup

    figures = startup.measure(startup.commands(db, startup.DEMO_QUERIES), runs=1)
    assert set(figures) == {"python", "version", "term", "lookup", "concordance"}
    assert all(f["ok"] and f["median_ms"] > 0 for f in figures.values()), figures
    assert figures["python"]["ratio"] == 1.0
    table = "\n".join(startup.markdown({"runs": 1, "demo": figures}))
    assert "| tm term |" in table and "≤ 8× (demo)" in table
    assert startup.markdown(None) == []

"""The command line as a user meets it: help, version, --db/TM_DB, import, stats, glossary."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_tm

from tm_tool import __version__

TSV = "id\tzh\ten\n1\t坚决做到“两个维护”。\tResolutely uphold the “Two Safeguards”.\n" \
      "2\t推动高质量发展。\tPromote high-quality development.\n"
GLOSSARY = (
    "concept\tzh\ten\tstatus\tcase_sensitive\tpos\tnote\n"
    "two-safeguards\t两个维护\tTwo Safeguards\tpreferred\tyes\tnoun\tpolitical loyalty\n"
    "two-safeguards\t两个维护\ttwo safeguards\tdeprecated\t\t\t\n"
    "hqd\t高质量发展\thigh-quality development\tpreferred\t\t\t\n"
    "hqd\t高质量发展\thigh quality development\tadmitted\t\t\t\n"
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "doc.tsv").write_text(TSV, encoding="utf-8")
    (tmp_path / "g.tsv").write_text(GLOSSARY, encoding="utf-8")
    return tmp_path / "doc.tsv", tmp_path / "g.tsv"


def test_help_lists_every_command_with_a_summary() -> None:
    result = run_tm("--help")
    assert result.exit_code == 0
    for command in ("import", "export", "stats", "glossary"):
        assert command in result.stdout
    assert "Example" in result.stdout


def test_each_command_help_shows_an_example() -> None:
    for args in (["import"], ["export"], ["stats"], ["glossary", "import"],
                 ["glossary", "list"], ["glossary", "validate"], ["glossary", "export"]):
        result = run_tm(*args, "--help")
        assert result.exit_code == 0, args
        assert "Example:" in result.stdout, args


def test_version() -> None:
    result = run_tm("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"tm {__version__}"


def test_python_dash_m_runs_the_same_cli() -> None:
    proc = subprocess.run([sys.executable, "-m", "tm_tool", "--version"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0 and __version__ in proc.stdout


def test_stats_json_reports_segments_pairs_and_terms(tmp_path: Path, files) -> None:
    doc, glossary = files
    db = tmp_path / "tm.db"
    assert run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", doc).exit_code == 0
    assert run_tm("--db", db, "glossary", "import", glossary).exit_code == 0
    result = run_tm("--db", db, "stats", "--json")
    data = json.loads(result.stdout)
    assert data["segments"] == 2
    assert data["language_pairs"] == [{"source": "zh-CN", "target": "en", "segments": 2}]
    assert [o["name"] for o in data["origins"]] == ["doc.tsv"]  # the file name
    assert data["concepts"] == 2
    assert data["terms_by_status"] == {"preferred": 4, "admitted": 1, "deprecated": 1}


def test_tm_db_environment_variable_names_the_database(tmp_path: Path, files, monkeypatch
                                                       ) -> None:
    doc, _ = files
    monkeypatch.setenv("TM_DB", str(tmp_path / "env.db"))
    assert run_tm("import", "--src", "zh-CN", "--tgt", "en", doc).exit_code == 0
    assert (tmp_path / "env.db").exists()
    assert json.loads(run_tm("stats", "--json").stdout)["segments"] == 2


def test_import_twice_reports_duplicates(tmp_path: Path, files) -> None:
    doc, _ = files
    db = tmp_path / "tm.db"
    run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", doc)
    result = run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", doc, "--json")
    (report,) = json.loads(result.stdout)["files"]
    assert (report["added"], report["duplicates"]) == (0, 2)


def test_glossary_list_filters_by_status(tmp_path: Path, files) -> None:
    _, glossary = files
    db = tmp_path / "tm.db"
    run_tm("--db", db, "glossary", "import", glossary)
    data = json.loads(run_tm("--db", db, "glossary", "list", "--status", "deprecated",
                             "--json").stdout)
    assert [(c["concept"], [t["text"] for t in c["terms"]]) for c in data] == [
        ("two-safeguards", ["two safeguards"])]
    text = run_tm("--db", db, "glossary", "list").stdout
    assert "Two Safeguards" in text and "high quality development" in text


def test_glossary_validate_reports_rule_breaks_with_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(
        "concept\tzh\ten\tstatus\n"
        "a\t两个确立\tTwo Establishments\tpreferred\n"
        "a\t两个确立\tTwo Establishments\tdeprecated\n"
        "b\t两个确立\tTwo Affirmations\tpreferred\n"
        "c\t新质生产力\tnew quality productive forces\tadmitted\n",
        encoding="utf-8",
    )
    result = run_tm("glossary", "validate", bad, "--json")
    assert result.exit_code == 1
    messages = [p["message"] for p in json.loads(result.stdout)["problems"]]
    assert any("both accepted and deprecated" in m for m in messages)
    assert any("also belongs to concept 'a'" in m for m in messages)
    assert any("0 preferred" in m for m in messages)


def test_glossary_export_tsv_reimports_to_the_same_glossary(tmp_path: Path, files) -> None:
    _, glossary = files
    db, db2 = tmp_path / "a.db", tmp_path / "b.db"
    run_tm("--db", db, "glossary", "import", glossary)
    out = tmp_path / "out.tsv"
    assert run_tm("--db", db, "glossary", "export", "--format", "tsv", "-o", out).exit_code == 0
    run_tm("--db", db2, "glossary", "import", out)
    listing = [json.loads(run_tm("--db", d, "glossary", "list", "--json").stdout)
               for d in (db, db2)]
    assert listing[0] == listing[1]


def test_csv_files_import_like_tsv(tmp_path: Path) -> None:
    doc = tmp_path / "doc.csv"
    doc.write_text('id,zh,en\n1,"推动高质量发展，建设现代化新东莞。","Promote high-quality '
                   'development, build a modern new Dongguan."\n', encoding="utf-8")
    db = tmp_path / "tm.db"
    result = run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", doc)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(run_tm("--db", db, "stats", "--json").stdout)
    assert rows["segments"] == 1


def _click_usage_errors() -> list[type[Exception]]:
    """UsageError of typer's vendored click (typer ≥ 0.2x) and of the standalone click."""
    kinds = []
    for module in ("typer._click.exceptions", "click.exceptions"):
        with contextlib.suppress(ImportError):
            kinds.append(__import__(module, fromlist=["UsageError"]).UsageError)
    return kinds


@pytest.mark.parametrize("error", _click_usage_errors(), ids=lambda e: e.__module__)
def test_usage_errors_of_either_click_are_one_line_with_exit_2(error, monkeypatch) -> None:
    from tm_tool.cli.app import State

    def fail(self, *, create=False):
        raise error("a bad option value")

    monkeypatch.setattr(State, "open", fail)
    result = run_tm("stats")
    assert result.exit_code == 2
    assert result.stderr.startswith("tm: error: a bad option value")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_both_click_copies_are_installed_so_both_kinds_are_tested() -> None:
    assert len(_click_usage_errors()) == 2  # else the test above covers one kind only

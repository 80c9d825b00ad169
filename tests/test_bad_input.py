"""Bad input: one clear line on stderr naming the file (and line), exit 2, nothing written."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_tm

from tm_tool import formats
from tm_tool.store import schema

GOOD = "id\tzh\ten\n1\t推动高质量发展。\tPromote high-quality development.\n"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with one segment: every failure below must leave it exactly so."""
    good = tmp_path / "good.tsv"
    good.write_text(GOOD, encoding="utf-8")
    path = tmp_path / "tm.db"
    assert run_tm("--db", path, "import", "--src", "zh-CN", "--tgt", "en", good).exit_code == 0
    return path


def segment_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM segments").fetchone()[0]
    finally:
        conn.close()


def assert_one_clear_line(result, *fragments: str) -> None:
    assert result.exit_code == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tm: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def test_malformed_row_names_file_and_line(tmp_path: Path, db: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(GOOD + "2\t只有两列\n3\t第三行\tThird line\n", encoding="utf-8")
    result = run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", bad)
    assert_one_clear_line(result, "bad.tsv:3", "2 fields")
    assert segment_count(db) == 1


def test_a_broken_second_file_rolls_back_the_first(tmp_path: Path, db: Path) -> None:
    first = tmp_path / "first.tsv"
    first.write_text("id\tzh\ten\n1\t新的一句\tA new sentence\n", encoding="utf-8")
    second = tmp_path / "second.tsv"
    second.write_text("id\tzh\ten\n1\t坏行\n", encoding="utf-8")
    result = run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", first, second)
    assert_one_clear_line(result, "second.tsv:2")
    assert segment_count(db) == 1


def test_missing_column(tmp_path: Path, db: Path) -> None:
    bad = tmp_path / "nocol.tsv"
    bad.write_text("id\tzh\tnote\n1\t推动\tx\n", encoding="utf-8")
    result = run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", bad)
    assert_one_clear_line(result, "nocol.tsv:1", "'en'")
    assert segment_count(db) == 1


def test_unknown_language_tag(tmp_path: Path, db: Path) -> None:
    good = tmp_path / "g.tsv"
    good.write_text(GOOD, encoding="utf-8")
    result = run_tm("--db", db, "import", "--src", "zn", "--tgt", "en", good)
    assert_one_clear_line(result, "unknown language tag 'zn'")
    assert segment_count(db) == 1


def test_unknown_language_tag_inside_a_file(tmp_path: Path, db: Path) -> None:
    bad = tmp_path / "langs.tsv"
    bad.write_text("source\ttarget\tsource_lang\ttarget_lang\n甲\tA\tzh!CN\ten\n",
                   encoding="utf-8")
    result = run_tm("--db", db, "import", bad)
    assert_one_clear_line(result, "langs.tsv:2", "unknown language tag")
    assert segment_count(db) == 1


def test_non_utf8_file(tmp_path: Path, db: Path) -> None:
    bad = tmp_path / "gbk.tsv"
    bad.write_bytes(("id\tzh\ten\n1\t推动高质量发展\tPromote\n").encode("gbk"))
    result = run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", bad)
    assert_one_clear_line(result, "gbk.tsv:2", "not valid utf-8")
    assert segment_count(db) == 1


def test_unreadable_file(tmp_path: Path, db: Path) -> None:
    result = run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en",
                    tmp_path / "absent.tsv")
    assert_one_clear_line(result, "absent.tsv", "no such file")
    result = run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", tmp_path)
    assert_one_clear_line(result, "directory")
    assert segment_count(db) == 1


def test_not_a_tm_tool_database(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.db"
    text_file.write_text("just some notes\n", encoding="utf-8")
    assert_one_clear_line(run_tm("--db", text_file, "stats"), "notes.db",
                          "not a tm_tool database")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert_one_clear_line(run_tm("--db", other, "stats"), "other.db", "another program")


def test_database_newer_than_the_code(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {schema.LATEST + 5}")
    conn.close()
    assert_one_clear_line(run_tm("--db", db, "stats"), "newer than this tm_tool")


def test_missing_database_is_not_created_by_a_read(tmp_path: Path) -> None:
    path = tmp_path / "absent.db"
    assert_one_clear_line(run_tm("--db", path, "stats"), "absent.db", "no database here")
    assert not path.exists()


def test_bad_glossary_row_names_file_and_line(tmp_path: Path, db: Path) -> None:
    bad = tmp_path / "g.tsv"
    bad.write_text("concept\tzh\ten\tstatus\na\t两个确立\tTwo Establishments\tpreferd\n",
                   encoding="utf-8")
    assert_one_clear_line(run_tm("--db", db, "glossary", "import", bad), "g.tsv:2",
                          "unknown status")


@pytest.mark.parametrize("kind", ["segment", "glossary"])
def test_the_format_table_lists_each_formats_own_extensions(kind: str) -> None:
    table = formats._SEGMENT_FORMATS if kind == "segment" else formats._GLOSSARY_FORMATS
    for name, (_, extensions) in table.items():
        loaded = formats._load(table, name)
        assert (loaded.name, loaded.extensions) == (name, extensions)


def test_a_file_named_by_its_extension_loads_only_its_own_format(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text(GOOD, encoding="utf-8")
    probe = ("import sys; from tm_tool.formats import segment_format; "
             f"print(segment_format({str(path)!r}).name, "
             "sorted(m for m in sys.modules if m.startswith('tm_tool.formats.')))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    name, loaded = result.stdout.split(" ", 1)
    assert name == "tsv"
    assert "tmx" not in loaded and "po'" not in loaded and "xliff" not in loaded

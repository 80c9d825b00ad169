"""The installed ``tm`` as a shell runs it: exit codes, one-line errors, stdin bytes, pipes and
signals. These live outside the in-process runner on purpose: typer's own ``main()``, the
interpreter's final flush and signal delivery only happen in a real process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build_corpus_db

TM = Path(sys.executable).parent / "tm"
QUERY = "全会由市委常委会主持。"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus_db(tmp_path_factory.mktemp("process") / "tm.db")


def tm(*args: str | Path, stdin: bytes = b"", db: Path | None = None
       ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "100", "TM_NO_PROGRESS": "1"}
    prefix = ["--db", str(db)] if db else []
    proc = subprocess.run([TM, *prefix, *map(os.fsdecode, args)], input=stdin,
                          capture_output=True, env=env, check=False, timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode,
                                       proc.stdout.decode("utf-8", "replace"),
                                       proc.stderr.decode("utf-8", "replace"))


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tm: error: "), proc.stderr
    for text in expected:
        assert text in lines[0]


@pytest.mark.parametrize(("args", "expected"), [
    (["lookup", "--nosuch", "x"], ["--nosuch", "tm lookup --help"]),
    (["nosuch"], ["nosuch", "tm --help"]),
    (["lookup", "x", "--limit", "abc"], ["--limit"]),
    (["lookup", "x", "--min-score", "500"], ["--min-score"]),
    (["concordance", "x", "--side", "bogus"], ["--side"]),
    (["glossary", "list", "--status", "bogus"], ["--status"]),
    (["concordance"], ["Missing argument", "PHRASE"]),
    (["lookup", ""], ["the query is empty"]),
    (["concordance", "  "], ["the phrase is empty"]),
    (["term", ""], ["the term is empty"]),
])
def test_usage_errors_are_one_line_with_exit_2(db: Path, args: list[str],
                                               expected: list[str]) -> None:
    assert_one_line_error(tm(*args, db=db), *expected)


@pytest.mark.parametrize("args", [[], ["glossary"]])
def test_no_command_prints_the_help_and_exits_2_as_click_does(args: list[str]) -> None:
    proc = tm(*args)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "Usage: tm" in proc.stdout and "Example" in proc.stdout


def test_help_metavars_are_words_a_person_reads() -> None:
    for args in (["lookup"], ["check"], ["import"], ["export"], ["score"], ["glossary", "import"]):
        text = tm(*args, "--help").stdout
        assert "<bool>" not in text and "<str>" not in text and "<path>" not in text, args
        assert "<list[" not in text and "<int" not in text, args
    assert "N [1<=x<=100]" in tm("lookup", "--help").stdout
    assert "FILE" in tm("export", "--help").stdout


def test_no_match_is_exit_0_with_a_note_on_stderr_for_every_lookup(db: Path) -> None:
    for args in (["lookup", "qqq zzz xxx"], ["concordance", "zzqqzz"], ["term", "xyzzy"]):
        proc = tm(*args, db=db)
        assert proc.returncode == 0, args
        assert proc.stderr.startswith("tm: no "), (args, proc.stderr)
        as_json = tm(*args, "--json", db=db)
        assert (as_json.returncode, as_json.stderr) == (0, ""), args
        json.loads(as_json.stdout)


def test_counts_use_the_singular_for_one(db: Path) -> None:
    assert "1 segment\n" in tm("concordance", "常委会主持", db=db).stdout


def test_fuzzy_diff_in_a_pipe_shows_wdiff_markers(db: Path) -> None:
    proc = tm("lookup", "全会由市委常委会主持", db=db)
    assert "全会由市委常委会主持[-。-]" in proc.stdout
    proc = tm("lookup", "The Standing Committee of the Provincial Party Committee presided over "
              "the plenary session.", db=db)
    assert "[-Municipal-]{+Provincial+}" in proc.stdout and "{+plenary+} session" in proc.stdout


def test_a_traditional_query_shows_no_edits(db: Path) -> None:
    proc = tm("lookup", "全會由市委常委會主持。", db=db)
    assert "  99  全会由市委常委会主持。\n" in proc.stdout  # the match as stored, unmarked


def test_non_utf8_argument_is_one_line(db: Path) -> None:
    arg = os.fsdecode(b"\xe4\xb8\x9c\xe8\x8e\x9e\xff")
    assert_one_line_error(tm("lookup", arg, db=db), "not valid UTF-8", "东莞\\xff")


def test_gbk_on_stdin_is_one_line_naming_the_line(db: Path) -> None:
    stdin = f"{QUERY}\n".encode() + "东莞\n".encode("gbk")
    proc = tm("lookup", "--json", stdin=stdin, db=db)
    assert_one_line_error(proc, "stdin:2:", "UTF-8")
    assert json.loads(proc.stdout.splitlines()[0])["query"] == QUERY  # line 1 was answered


def test_a_bom_on_stdin_is_not_part_of_the_first_query(db: Path) -> None:
    proc = tm("lookup", "--json", stdin=f"\ufeff{QUERY}\n".encode(), db=db)
    answer = json.loads(proc.stdout.splitlines()[0])
    assert answer["query"] == QUERY and answer["matches"][0]["score"] == 100


def test_a_closed_pipe_exits_0_without_a_traceback(db: Path) -> None:
    for args in (["concordance", "的", "--limit", "1000"], ["export", "--format", "tsv", "-o", "-"],
                 ["glossary", "list"]):
        reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE,
                                  stdout=subprocess.DEVNULL)
        writer = subprocess.run([TM, "--db", db, *args], stdout=reader.stdin,
                                stderr=subprocess.PIPE, check=False, timeout=120,
                                env={**os.environ, "COLUMNS": "100"})
        reader.stdin.close()
        reader.wait()
        assert writer.returncode == 0, (args, writer.stderr)
        assert writer.stderr == b"", args


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_prints_one_line_and_exits_128_plus_the_signal(db: Path, signum: int,
                                                               status: int) -> None:
    # `tm lookup` answers each stdin line as it comes: once the first answer is out, tm is
    # waiting for the next line, inside the command, when the signal arrives.
    proc = subprocess.Popen([TM, "--db", db, "lookup", "--json"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin and proc.stdout
    proc.stdin.write(f"{QUERY}\n".encode())
    proc.stdin.flush()
    assert json.loads(proc.stdout.readline())["query"] == QUERY
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == status
    assert stderr.decode() == "tm: interrupted; nothing was written\n"


def test_export_filters_that_match_nothing_say_so(db: Path, tmp_path: Path) -> None:
    proc = tm("export", "--format", "tsv", "-o", "-", "--origin", "nosuch", db=db)
    assert_one_line_error(proc, "no document 'nosuch'", "dongguan-10th-plenary")
    assert proc.stdout == ""
    assert_one_line_error(tm("export", "--format", "tsv", "-o", "-", "--status", "bogus", db=db),
                          "bogus")
    unknown = tm("export", "-o", tmp_path / "x.xyz", db=db)
    assert_one_line_error(unknown, "tmx", "po", "tsv", "csv")
    assert "xliff" not in unknown.stderr and "text" not in unknown.stderr
    assert_one_line_error(tm("export", "-o", tmp_path / "x.tbx", db=db), "tm glossary export")
    assert not list(tmp_path.iterdir())


def test_score_accepts_sacrebleu_language_suffixes_as_plain_text(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.en", tmp_path / "ref.en"
    hyp.write_text("The session was held.\nWe uphold it.\nA third line.\n", encoding="utf-8")
    ref.write_text("The session was held.\nWe uphold this.\nThe third line.\n", encoding="utf-8")
    proc = tm("score", hyp, "--ref", ref, "--tgt", "en")
    assert proc.returncode == 0, proc.stderr
    assert "3 segments scored" in proc.stdout
    assert "line 3: \n" not in proc.stdout and ": \n" not in proc.stdout


def test_check_help_leaves_room_for_the_descriptions() -> None:
    """Trial #27: a `--x/--no-x` pair widened typer's option column until descriptions got
    about 22 characters."""
    env = {**os.environ, "COLUMNS": "100"}
    result = subprocess.run([str(TM), "check", "--help"], capture_output=True, text=True,
                            env=env)
    line = next(x for x in result.stdout.splitlines() if "Glossary file" in x)
    assert line.index("Glossary file") < 40, line

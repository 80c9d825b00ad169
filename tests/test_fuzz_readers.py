"""Mutation fuzzing of every reader: damaged real files end in success or one clear line.

Real files from ../shared/realworld (TMX, PO, XLIFF, TBX, glossary CSV) and the corpus TSV are
mutated with a fixed seed (byte flips, truncation, duplicated or deleted spans, inserted ``<``,
``&``, NUL, invalid UTF-8, 1,500 levels of nesting …) and imported through the ``tm`` entry
point (``tm_tool.cli.main``, what the installed script calls), each case in a forked child —
starting a fresh interpreter per case would cost a second each. A child runs under a CPU-time
limit and an alarm (a hang) and an address-space limit (a memory blow-up). Each case must exit
0, or exit 2 with one line on stderr that starts ``tm: error:``; warnings (``tm: warning:``)
may precede either. 240 cases take about 70 CPU seconds.
"""

from __future__ import annotations

import os
import random
import resource
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CORPUS_DIR

SEED = 20261201
CASES_PER_FILE = 24
CPU_LIMIT_S = 20  # CPU seconds: a hang, whatever else the machine runs
WALL_LIMIT_S = 120  # a child blocked without using CPU
MEMORY_LIMIT = 3 << 30  # address space; the interpreter with numpy and lxml maps ~1 GiB
PARALLEL = 2

# (path under realworld/ or in the repo, command after `tm --db DB`)
SEEDS = [
    ("tmx/okapi/sample14b.tmx", ["import"]),
    ("tmx/heartsome/ImportTMXTest.tmx", ["import"]),
    ("po/django/admin_zh_Hans_django.po", ["import"]),
    ("po/okapi/AllCasesTest.po", ["import", "--tgt", "fr"]),
    ("xliff/okapi/JMP-11-Test01.xlf", ["import"]),
    ("xliff/matecat/small-with-notes.sdlxliff", ["import"]),
    ("xliff/heartsome/HSCAT8-83b.xlf", ["import"]),
    # --force: the fuzz is about reading; a third-party glossary breaks the controlled
    # glossary's rules, which import otherwise reports one problem a line
    ("tbx/okapi/ibm_tbx.tbx", ["glossary", "import", "--force"]),
    ("glossary/tico19/g_en_zh-CN.csv", ["glossary", "import", "--force"]),
    (str(CORPUS_DIR / "dongguan-10th-plenary.tsv"), ["import", "--src", "zh-CN", "--tgt", "en"]),
]
SPECIALS = [b"<", b"&", b"\x00", b"\xff\xfe", b"\xc3", b"]]>", b"&#xD800;", b"\t", b'"',
            b"\xef\xbb\xbf", b"\xed\xa0\x80", b"&undefined;", b"<x:b/>", b"\n"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three random damages of the file's bytes."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        if not buf:
            break
        kind = rng.randrange(7)
        at = rng.randrange(len(buf))
        if kind == 0:  # flip bytes
            for i in range(at, min(len(buf), at + rng.randint(1, 4))):
                buf[i] ^= 1 << rng.randrange(8)
        elif kind == 1:  # cut short
            del buf[at:]
        elif kind == 2:  # a span duplicated
            buf[at:at] = buf[at:at + rng.randint(1, 400)]
        elif kind == 3:  # a span deleted
            del buf[at:at + rng.randint(1, 400)]
        elif kind == 4:  # a special byte string inserted
            buf[at:at] = rng.choice(SPECIALS)
        elif kind == 5:  # deep nesting after a tag (or anywhere in a table)
            tag = buf.find(b">", at)
            where = tag + 1 if tag >= 0 else at
            buf[where:where] = b"<g>" * 1500 + b"x" + b"</g>" * 1500
        else:  # a line break in the middle of a line
            buf[at:at] = b"\r\n" if rng.random() < 0.5 else b"\n\n"
    return bytes(buf)


@dataclass
class Outcome:
    name: str
    status: int | None  # exit status, None when killed by a signal
    signal: int | None
    stderr: str

    def problem(self) -> str | None:
        if self.signal in (signal.SIGALRM, signal.SIGXCPU):
            return "hang"
        if self.signal is not None:
            return f"killed by signal {self.signal}"
        lines = self.stderr.splitlines()
        if "Traceback" in self.stderr or "MemoryError" in self.stderr:
            return "traceback"
        others = [line for line in lines if not line.startswith("tm: warning: ")]
        if self.status == 0:
            return None if not others else "exit 0 with other output on stderr"
        if self.status != 2:
            return f"exit {self.status}"
        if len(others) != 1 or not others[0].startswith("tm: error: "):
            return "not one 'tm: error:' line"
        return None


def _child(argv: list[str], err_path: Path) -> None:
    """In the forked child: limits, output to files, run tm, exit with its status."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT_S, CPU_LIMIT_S + 5))
    signal.alarm(WALL_LIMIT_S)
    null = os.open(os.devnull, os.O_WRONLY)
    err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(null, 1)
    os.dup2(err, 2)
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 (the process ends here)
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
    code = 1
    try:
        from tm_tool.cli import main

        main(argv)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # a bug: show it, as the real script would
        import traceback

        traceback.print_exc()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _run_all(cases: list[tuple[str, list[str]]], work: Path) -> list[Outcome]:
    import tm_tool.cli  # noqa: F401  (imported once, before forking: children start at once)

    outcomes: list[Outcome] = []
    running: dict[int, tuple[str, Path]] = {}
    pending = list(enumerate(cases))
    while pending or running:
        while pending and len(running) < PARALLEL:
            n, (name, argv) = pending.pop(0)
            err_path = work / f"{n}.err"
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _child(argv, err_path)
            running[pid] = (name, err_path)
        pid, status = os.wait()
        name, err_path = running.pop(pid)
        stderr = err_path.read_text("utf-8", "replace") if err_path.exists() else ""
        outcomes.append(Outcome(name, os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                                os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                                stderr))
    return outcomes


def test_mutated_real_files_end_in_success_or_one_line(shared: Path, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    cases = []
    for relative, command in SEEDS:
        original = Path(relative) if Path(relative).is_absolute() \
            else shared / "realworld" / relative
        if not original.exists():
            pytest.fail(f"fuzz seed {original} is missing")
        data = original.read_bytes()
        for k in range(CASES_PER_FILE):
            mutated = tmp_path / f"{original.stem}-m{k}{original.suffix}"
            mutated.write_bytes(data if k == 0 else mutate(data, rng))
            db = tmp_path / f"{original.stem}-m{k}.db"
            argv = ["--db", str(db), *command, str(mutated)]
            cases.append((mutated.name, argv))
    outcomes = _run_all(cases, tmp_path)
    assert len(outcomes) == len(cases)
    problems = [(o.name, o.problem(), o.stderr[-300:]) for o in outcomes if o.problem()]
    kinds = {"ok": sum(o.status == 0 for o in outcomes),
             "refused": sum(o.status == 2 and not o.problem() for o in outcomes)}
    print(f"fuzz: {len(outcomes)} cases, {kinds}, {len(problems)} problems")
    unmutated = [o for o in outcomes if "-m0." in o.name and o.status != 0]
    assert unmutated == []  # every seed imports as it is
    assert problems == [], f"{len(problems)} of {len(cases)} cases: {problems[:5]}"

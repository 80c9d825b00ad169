"""What the reliability and concurrency tests share: the installed ``tm`` in a subprocess, and
generated TSV parts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TM = Path(sys.executable).parent / "tm"


def tm(*args: str | Path, env: dict | None = None, timeout: float = 120, **kw
       ) -> subprocess.CompletedProcess:
    return subprocess.run([str(TM), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})}, **kw)


def write_part(path: Path, part: int, rows: int) -> Path:
    """A zh/en TSV whose every row is unique to its part."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("id\tzh\ten\n")
        for k in range(rows):
            out.write(f"{k}\t第{part}部分第{k}句讲东莞发展。\tPart {part}, sentence {k}, on "
                      f"Dongguan's development.\n")
    return path


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tm: error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]

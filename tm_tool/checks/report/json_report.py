"""JSON: ``{"summary": {...}, "findings": [...]}`` for CI and other programs.

Written one finding per line, as it goes: readable in a diff, and no document-sized string
built. Each line is the finding as the run encoded it (json's C encoder, in the process that
found it): ``indent`` would switch the whole document to the pure-Python encoder, ~5x slower
on a million-finding report.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from ..runner import Report


def write(report: Report, out: TextIO, *, show_suppressed: bool = False,
          markup: bool = False) -> None:
    out.write('{"summary": ' + json.dumps(report.summary(), ensure_ascii=False, indent=2)
              + ',\n"findings": [')
    first = True
    for _, _, entries in report.sections(show_suppressed):
        for lines in _runs((data for _, data in entries), 1000):
            # a thousand findings at a time: one write of their lines, not two writes each
            out.write(("\n  " if first else ",\n  ") + b",\n  ".join(lines).decode("utf-8"))
            first = False
    out.write("]}\n" if first else "\n]}\n")


def _runs(items: Iterator[bytes], size: int) -> Iterator[list[bytes]]:
    run: list[bytes] = []
    for item in items:
        run.append(item)
        if len(run) >= size:
            yield run
            run = []
    if run:
        yield run

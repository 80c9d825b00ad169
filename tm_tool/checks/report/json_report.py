"""JSON: ``{"summary": {...}, "findings": [...]}`` for CI and other programs.

Written one finding per line, as it goes: readable in a diff, and no document-sized string
built. Each line is the finding as the run encoded it (json's C encoder, in the process that
found it): ``indent`` would switch the whole document to the pure-Python encoder, ~5x slower
on a million-finding report.
"""

from __future__ import annotations

import json
from itertools import islice
from typing import TextIO

from ..runner import Report


def write(report: Report, out: TextIO, *, show_suppressed: bool = False,
          markup: bool = False) -> None:
    out.write('{"summary": ' + json.dumps(report.summary(), ensure_ascii=False, indent=2)
              + ',\n"findings": [')
    first = True
    for _, _, entries in report.sections(show_suppressed):
        lines = (data for _, data in entries)
        # a thousand findings at a time: one write of their lines, not two writes each
        while run := list(islice(lines, 1000)):
            out.write(("\n  " if first else ",\n  ") + b",\n  ".join(run).decode("utf-8"))
            first = False
    out.write("]}\n" if first else "\n]}\n")

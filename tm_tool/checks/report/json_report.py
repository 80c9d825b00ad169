"""JSON: ``{"summary": {...}, "findings": [...]}`` for CI and other programs.

Written one finding per line, as it goes: readable in a diff, no document-sized string built
on top of the report's findings (which are all in memory, see ``report/__init__.py``), and each
line is encoded by json's C encoder (``indent`` would switch the whole document to the
pure-Python one, ~5x slower on a million-finding report).
"""

from __future__ import annotations

import json
from typing import TextIO

from ..runner import Report

_ENCODER = json.JSONEncoder(ensure_ascii=False)  # one encoder, not one per finding


def write(report: Report, out: TextIO, *, show_suppressed: bool = False,
          markup: bool = False) -> None:
    findings = report.findings if show_suppressed else report.active
    out.write('{"summary": ' + json.dumps(report.summary(), ensure_ascii=False, indent=2)
              + ',\n"findings": [')
    for i, finding in enumerate(findings):
        out.write(",\n  " if i else "\n  ")
        out.write(_ENCODER.encode(finding.as_dict()))
    out.write("\n]}\n" if findings else "]}\n")

"""CSV (RFC 4180), one finding per row, for spreadsheets."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from ..runner import Report

COLUMNS = ["check", "severity", "file", "unit", "line", "term", "expected", "found", "message",
           "source", "target", "suppressed", "related"]


def write(report: Report, out: TextIO, *, show_suppressed: bool = False,
          markup: bool = False) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for _, _, entries in report.sections(show_suppressed):
        for _, raw in entries:
            data = json.loads(raw)
            data["related"] = "; ".join(data["related"] or [])
            writer.writerow(["" if data[c] is None else data[c] for c in COLUMNS])

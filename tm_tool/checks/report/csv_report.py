"""CSV (RFC 4180), one finding per row, for spreadsheets."""

from __future__ import annotations

import csv
from typing import TextIO

from ..runner import Report

COLUMNS = ["check", "severity", "file", "unit", "line", "term", "expected", "found", "message",
           "source", "target", "suppressed", "related"]


def write(report: Report, out: TextIO, *, show_suppressed: bool = False,
          markup: bool = False) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for f in report.findings if show_suppressed else report.active:
        data = f.as_dict()
        data["related"] = "; ".join(data["related"] or [])
        writer.writerow(["" if data[c] is None else data[c] for c in COLUMNS])

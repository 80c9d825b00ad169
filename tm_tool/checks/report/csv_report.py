"""CSV (RFC 4180), one finding per row, for spreadsheets."""

from __future__ import annotations

import csv
import io

from ..runner import Report

COLUMNS = ["check", "severity", "file", "unit", "line", "term", "expected", "found", "message",
           "source", "target", "suppressed"]


def render(report: Report, *, show_suppressed: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for f in report.findings if show_suppressed else report.active:
        data = f.as_dict()
        writer.writerow(["" if data[c] is None else data[c] for c in COLUMNS])
    return buffer.getvalue()

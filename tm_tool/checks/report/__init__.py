"""Report formats for ``tm check``: one module per format, each a ``write(report, out)``.

Each writer writes the findings one at a time as it goes, never building the whole document
as one string, and reads them one at a time from the report's file (checks/spill.py), check
by check: memory does not grow with the number of findings."""

from __future__ import annotations

from collections.abc import Callable

from ..runner import Report
from . import csv_report, html_report, json_report, text_report

FORMATS: dict[str, Callable[..., None]] = {
    "text": text_report.write,
    "json": json_report.write,
    "csv": csv_report.write,
    "html": html_report.write,
}

__all__ = ["FORMATS", "Report"]

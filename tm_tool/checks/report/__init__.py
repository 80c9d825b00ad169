"""Report formats for ``tm check``: one module per format, each a ``write(report, out)``.

Each writer writes the findings one at a time as it goes, never building the whole document
as one string. The findings themselves are all in memory: ``run_checks`` collects and sorts
every one of them into the :class:`Report` before anything is written (so memory grows with
the number of findings; checking without holding them is issue #21)."""

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

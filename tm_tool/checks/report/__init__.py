"""Report formats for ``tm check``: one module per format, each a ``render(report) -> str``."""

from __future__ import annotations

from collections.abc import Callable

from ..runner import Report
from . import csv_report, html_report, json_report, text_report

FORMATS: dict[str, Callable[..., str]] = {
    "text": text_report.render,
    "json": json_report.render,
    "csv": csv_report.render,
    "html": html_report.render,
}

__all__ = ["FORMATS", "Report"]

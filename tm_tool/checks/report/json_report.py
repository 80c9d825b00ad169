"""JSON: ``{"summary": {...}, "findings": [...]}`` for CI and other programs."""

from __future__ import annotations

import json

from ..runner import Report


def render(report: Report, *, show_suppressed: bool = False) -> str:
    findings = report.findings if show_suppressed else report.active
    return json.dumps({"summary": report.summary(),
                       "findings": [f.as_dict() for f in findings]},
                      ensure_ascii=False, indent=2) + "\n"

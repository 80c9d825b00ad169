"""Text for a terminal: grouped by check, the offending part highlighted (rich markup)."""

from __future__ import annotations

from itertools import groupby

from rich.markup import escape

from ..runner import Report

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _highlight(text: str, span: tuple[int, int] | None) -> str:
    if not span:
        return escape(text)
    start, end = span
    return (escape(text[:start]) + "[reverse]" + escape(text[start:end]) + "[/reverse]"
            + escape(text[end:]))


def render(report: Report, *, show_suppressed: bool = False) -> str:
    findings = report.findings if show_suppressed else report.active
    lines: list[str] = []
    for check, group in groupby(findings, key=lambda f: f.check):
        items = list(group)
        lines.append(f"[bold]{check}[/bold] ({len(items)})")
        for f in items:
            where = f"{f.file} [{f.unit}]" if f.file else f"[{f.unit}]"
            mark = f" [dim](accepted: {escape(f.suppressed)})[/dim]" if f.suppressed else ""
            lines.append(f"  [{STYLE[f.severity]}]{f.severity}[/{STYLE[f.severity]}] "
                         f"{escape(where)}: {escape(f.message)}{mark}")
            lines.append(f"      [dim]src[/dim] {escape(f.source)}")
            lines.append(f"      [dim]tgt[/dim] {_highlight(f.target, f.span)}")
        lines.append("")
    s = report.summary()
    by = s["by_severity"]
    lines.append(f"{s['units']} units checked: {by['error']} errors, {by['warning']} warnings, "
                 f"{by['info']} notes" + (f", {s['suppressed']} accepted" if s["suppressed"]
                                           else ""))
    return "\n".join(lines) + "\n"

"""Text for a terminal: grouped by check, the offending part highlighted (rich markup)."""

from __future__ import annotations

from typing import TextIO

from rich.markup import escape as rich_escape

from ..runner import Report
from ..spill import decode

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _plain(text: str) -> str:
    return text


def write(report: Report, out: TextIO, *, show_suppressed: bool = False,
          markup: bool = True) -> None:
    """The report as rich markup (``markup``: for a terminal) or as plain text (for a file)."""
    escape = rich_escape if markup else _plain

    def style(name: str, text: str) -> str:
        return f"[{name}]{text}[/{name}]" if markup else text

    def highlight(text: str, span: tuple[int, int] | None) -> str:
        if not span or not markup:
            return escape(text)
        start, end = span
        return escape(text[:start]) + style("reverse", escape(text[start:end])) + escape(
            text[end:])

    lines: list[str] = []
    for check, count, entries in report.sections(show_suppressed):
        out.write(style("bold", check) + f" ({count})\n")
        for _, data in entries:
            f = decode(data)
            where = f"{f.file} [{f.unit}]" if f.file else f"[{f.unit}]"
            mark = " " + style("dim", f"(accepted: {escape(f.suppressed)})") if f.suppressed \
                else ""
            out.write(f"  {style(STYLE[f.severity], f.severity)} {escape(where)}: "
                      f"{escape(f.message)}{mark}\n"
                      f"      {style('dim', 'src')} {escape(f.source)}\n"
                      f"      {style('dim', 'tgt')} {highlight(f.target, f.span)}\n")
        out.write("\n")
    s = report.summary()
    by = s["by_severity"]
    lines.append(f"{s['units']} units checked: {by['error']} errors, {by['warning']} warnings, "
                 f"{by['info']} notes" + (f", {s['suppressed']} accepted" if s["suppressed"]
                                           else "")
                 + (f"; {s['units_affected']} units affected" if s["findings"] else ""))
    out.write("\n".join(lines) + "\n")

"""The QA command: tm check."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..checks import CODES, FAIL_ON, CheckOptions, Report, check_files, check_store
from ..checks.report import FORMATS
from ..errors import UsageError
from ..fileio import atomic_write
from .app import app, err, out, state


@app.command("check")
def check_cmd(
    ctx: typer.Context,
    files: Annotated[list[Path] | None, typer.Argument(
        help="Deliveries to check (TMX, PO, TSV/CSV, XLIFF); none: the whole TM.")] = None,
    glossary: Annotated[Path | None, typer.Option(
        help="Glossary file (TBX, TSV, CSV) instead of the database's.")] = None,
    with_tm: Annotated[bool, typer.Option(
        "--with-tm", help="Also check the files' consistency against the TM.")] = False,
    checks: Annotated[str | None, typer.Option(
        help=f"Comma-separated checks to run (default all: {', '.join(CODES)}).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, json, csv or html.")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output",
                                                help="Write the report here.")] = None,
    fail_on: Annotated[str, typer.Option(
        help="Exit 1 when a finding of this severity or worse remains: error, warning, "
        "info or never.")] = "error",
    suppressions: Annotated[Path | None, typer.Option(
        help="TSV of accepted findings (file, unit, check, term, text, reason).")] = None,
    show_suppressed: Annotated[bool, typer.Option(
        "--show-suppressed", help="Show accepted findings too.")] = False,
    accept: Annotated[str | None, typer.Option(
        help="Accept the finding UNIT:CHECK[:TERM] of this check into --suppressions "
        "(with --reason), pinned to its file and text.")
    ] = None,
    reason: Annotated[str, typer.Option(help="Why the finding is accepted.")] = "",
    src: Annotated[str | None, typer.Option(help="Source language of the files.")] = None,
    tgt: Annotated[str | None, typer.Option(help="Target language of the files.")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", help="Worker processes (default: one per core; 1: all in this one).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """Terminology and consistency QA against the controlled glossary.

    Exit status: 0 nothing at --fail-on or worse, 1 findings, 2 bad input or usage.

    Example: [bold]tm check delivery.tmx --glossary glossary.tbx --format html -o qa.html[/bold]
    """
    fmt = "json" if json_out else fmt
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}")
    if fail_on not in FAIL_ON:
        raise UsageError("--fail-on must be error, warning, info or never")
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    options = CheckOptions(
        codes=[c.strip() for c in checks.split(",") if c.strip()] if checks else None,
        src=src, tgt=tgt, suppressions=suppressions, accept=accept, reason=reason, jobs=jobs,
        warn=_warn)
    db_path = state(ctx).db_path
    if files:
        report = check_files(files, glossary=glossary, store=db_path, with_tm=with_tm,
                             options=options)
    else:
        report = check_store(db_path, glossary=glossary, options=options)
    for rule in report.accepted:
        err.print(f"accepted {rule.check} in {rule.file or 'the TM'} [{rule.unit}]")
    _write(report, fmt, output, show_suppressed)
    if report.fails(fail_on):
        raise typer.Exit(1)


def _warn(message: str) -> None:
    err.print(f"tm: warning: {message}", soft_wrap=True)


def _write(report: Report, fmt: str, output: Path | None, show_suppressed: bool) -> None:
    write = FORMATS[fmt]
    if output is not None:
        with atomic_write(output, "w") as handle:
            write(report, handle, show_suppressed=show_suppressed, markup=False)
        err.print(f"wrote {report.count()} findings to {output}")
    elif fmt == "text":  # through rich: colours on a terminal, plain text in a pipe
        buffer = io.StringIO()
        write(report, buffer, show_suppressed=show_suppressed, markup=True)
        out.print(buffer.getvalue(), end="")
    else:
        write(report, sys.stdout, show_suppressed=show_suppressed)

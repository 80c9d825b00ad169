"""The QA command: tm check."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import transfer
from ..checks import CODES
from ..checks import suppressions as suppression_file
from ..checks.base import Unit
from ..checks.report import FORMATS
from ..checks.runner import run_checks
from ..errors import UsageError
from ..fileio import atomic_write
from ..formats import ReadOptions
from ..store import Store
from .app import app, err, out, state, warn


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
    json_out: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """Terminology and consistency QA against the controlled glossary.

    Exit status: 0 nothing at --fail-on or worse, 1 findings, 2 bad input or usage.

    Example: [bold]tm check delivery.tmx --glossary glossary.tbx --format html -o qa.html[/bold]
    """
    fmt = "json" if json_out else fmt
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}")
    if fail_on not in ("error", "warning", "info", "never"):
        raise UsageError("--fail-on must be error, warning, info or never")
    codes = [c.strip() for c in checks.split(",") if c.strip()] if checks else None
    if accept and suppressions is None:
        raise UsageError("--accept needs --suppressions FILE to write to")
    if accept and not reason.strip():
        raise UsageError("--accept needs a --reason")
    rules = (suppression_file.load(suppressions, warn=lambda m: err.print(
        f"tm: warning: {m}", soft_wrap=True)) if suppressions is not None else None)
    db_path = state(ctx).db_path
    store = Store.open(db_path) if (not files or with_tm or glossary is None) and (
        db_path.exists() or not files) else None
    try:
        if glossary is not None:
            concepts = transfer.read_glossary(glossary, options=ReadOptions(warn=warn))
        elif store is not None:
            concepts = store.concepts()
        else:
            concepts = []
            err.print(f"tm: warning: no glossary (no --glossary and no database at {db_path}); "
                      "terminology checks find nothing")
        options = ReadOptions(src=src, tgt=tgt, warn=warn)
        if files:
            units = (Unit(seg, str(path)) for path in files
                     for seg in transfer.read_segments(path, options=options))
            reference = ([Unit(s) for s in store.iter_segments()]
                         if with_tm and store is not None else [])
            checked = [str(p) for p in files]
            group_units = None
        else:
            assert store is not None
            # (findings are sorted by unit in the end: read in the cheapest order)
            units = (Unit(seg) for seg in store.iter_segments(document_order=False))
            reference = []
            checked = [str(db_path)]

            def group_units() -> list[Unit]:  # (runs in a thread: its own connection)
                with Store.open(db_path) as other:
                    return [Unit(seg, keys=(source_key, target_key))
                            for seg, source_key, target_key in other.conflicting_segments()]
        report = run_checks(units, concepts, codes=codes, reference=reference,
                            suppressions=rules, group_units=group_units)
        report.sources = checked
        if accept:
            assert rules is not None
            for rule in suppression_file.accept(rules, report.findings, accept, reason, CODES):
                err.print(f"accepted {rule.check} in {rule.file or 'the TM'} [{rule.unit}]")
            suppression_file.apply(report.findings, rules)
    finally:
        if store is not None:
            store.close()
    write = FORMATS[fmt]
    if output is not None:
        with atomic_write(output, "w") as handle:
            write(report, handle, show_suppressed=show_suppressed, markup=False)
        err.print(f"wrote {len(report.active)} findings to {output}")
    elif fmt == "text":  # through rich: colours on a terminal, plain text in a pipe
        buffer = io.StringIO()
        write(report, buffer, show_suppressed=show_suppressed, markup=True)
        out.print(buffer.getvalue(), end="")
    else:
        write(report, sys.stdout, show_suppressed=show_suppressed)
    if report.fails(fail_on):
        raise typer.Exit(1)

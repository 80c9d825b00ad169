"""Commands on the glossary: import, add, set-status, remove, rename (glossary_edit.py, the
commands that change it, registered first), history, list, validate, export."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from .. import glossary_changes as edits
from .. import transfer
from ..errors import UsageError
from ..formats import ReadOptions
from ..formats.tabular import tsv_line
from ..model import TERM_STATUSES
from . import glossary_edit  # noqa: F401  (registers import, add, set-status, remove, rename)
from .app import JsonOption, err, glossary_app, out, print_json, state, warn


@glossary_app.command("history")
def history_cmd(
    ctx: typer.Context,
    concept: Annotated[str | None, typer.Argument(help="Only this concept.")] = None,
    since: Annotated[str | None, typer.Option(
        help="Only changes from this date or time on (2026-12-01, 2026-12-01T09:00).")] = None,
    json_out: JsonOption = False,
) -> None:
    """Who changed the glossary, when, and what (before → after), oldest first.

    Example: [bold]tm glossary history two-establishments --since 2026-12-01[/bold]
    """
    with state(ctx).open() as store:
        entries = store.glossary_history(concept=concept, since=_since(since))
    if json_out:
        print_json([e.as_dict() for e in entries])
        return
    for entry in entries:
        out.print(f"{entry.at}  {entry.user}  {entry.command}  {entry.change.key}: "
                  f"{'; '.join(entry.change.details())}", markup=False)
    if not entries:
        err.print("no glossary changes recorded" + (f" for {concept}" if concept else ""))


def _since(value: str | None) -> str | None:
    """'2026-12-01' or an ISO time → the stored form ('2026-12-01T00:00:00Z')."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--since: {value!r} is no date; use one such as 2026-12-01 or "
                         "2026-12-01T09:00") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


LIST_FORMATS = ("table", "tsv", "json")


@glossary_app.command("list")
def list_cmd(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(
        help=f"Only terms with this status ({', '.join(TERM_STATUSES)}).")] = None,
    lang: Annotated[str | None, typer.Option(help="Only terms in this language.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="table (on a terminal), tsv (when piped: concept, lang, term, "
        "status, case_sensitive, pos, note) or json.")] = None,
    json_out: JsonOption = False,
) -> None:
    """List the glossary's concepts and their terms; terms are never cut short.

    Example: [bold]tm glossary list --status deprecated --format tsv[/bold]
    """
    if status and status not in TERM_STATUSES:
        raise typer.BadParameter(f"use one of {', '.join(TERM_STATUSES)}", param_hint="--status")
    fmt = "json" if json_out else fmt or ("table" if out.is_terminal else "tsv")
    if fmt not in LIST_FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(LIST_FORMATS)}", param_hint="--format")
    with state(ctx).open() as store:
        concepts = store.concepts(status=status, lang=lang)
    if fmt == "json":
        print_json([
            {"concept": c.key, "note": c.note, "definition": c.definition,
             "terms": [{"text": t.text, "lang": t.lang, "status": t.status,
                        "case_sensitive": t.case_sensitive, "pos": t.pos, "note": t.note}
                       for t in c.terms]}
            for c in concepts
        ])
        return
    rows = [[c.key, t.lang, t.text, t.status,
             "" if t.case_sensitive is None else "yes" if t.case_sensitive else "no",
             t.pos or "", t.note or ""] for c in concepts for t in c.terms]
    if fmt == "tsv":
        sys.stdout.write(tsv_line(["concept", "lang", "term", "status", "case_sensitive",
                                   "pos", "note"]))
        # (a note with a line break, from a TBX file, is one line here)
        sys.stdout.writelines(tsv_line([" ".join(f.split()) for f in row]) for row in rows)
        return
    from rich.table import Table  # (only this output needs rich's tables)

    table = Table("concept", "lang", "term", "status", show_lines=False)
    for column in table.columns:
        column.overflow = "fold"  # wrap a long term, never cut it
    for key, term_lang, text, term_status, *_ in rows:
        style = {"deprecated": "red", "admitted": "yellow"}.get(term_status, "green")
        table.add_row(escape(key), term_lang, escape(text),
                      f"[{style}]{term_status}[/{style}]")
    out.print(table)
    out.print(f"{len(concepts)} concepts")


@glossary_app.command("validate")
def validate_cmd(
    ctx: typer.Context,
    files: Annotated[list[Path] | None, typer.Argument(
        help="Glossary files to check (none: the stored glossary).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="tbx, tsv or csv.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Check glossary files, or the stored glossary: one preferred rendering per concept, no
    term in two concepts, no rendering both accepted and deprecated. Exit 1 on an error.

    Example: [bold]tm glossary validate glossary/dongguan-slogans.tsv[/bold]
    """
    problems = []
    count = 0
    if not files:
        with state(ctx).open() as store:
            concepts = store.concepts()
        count = len(concepts)
        problems = [(str(state(ctx).db_path), p) for p in edits.validate(concepts)]
    for path in files or []:
        concepts = transfer.read_glossary(path, fmt=fmt, options=ReadOptions(warn=warn))
        count += len(concepts)
        problems += [(str(path), p) for p in edits.validate(concepts)]
    errors = sum(1 for _, p in problems if p.severity == "error")
    if json_out:
        print_json({"concepts": count, "errors": errors,
                    "problems": [{"file": f, **p.as_dict()} for f, p in problems]})
    else:
        for f, p in problems:
            where = f"{f}:{p.line}" if p.line else f
            err.print(f"{where}: {p.severity}: {p.concept}: {p.message}", soft_wrap=True,
                      markup=False)
        out.print(f"{count} concepts, {errors} errors, {len(problems) - errors} warnings")
    if errors:
        raise typer.Exit(1)


@glossary_app.command("export")
def export_cmd(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write ('-': stdout).")],
    fmt: Annotated[str | None, typer.Option(
        "--format", help="tbx (TBX 2 martif, for OmegaT and Translate Toolkit), tbx3 (TBX v3), "
        "tsv or csv.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Export the glossary as TBX-Basic (TBX 2 martif or TBX v3), TSV or CSV.

    Example: [bold]tm glossary export --format tbx -o glossary.tbx[/bold]
    """
    with state(ctx).open() as store:
        count = transfer.export_glossary(store, output, fmt=fmt)
    if json_out:
        print_json({"output": str(output), "concepts": count})
    elif str(output) != "-":
        err.print(f"wrote {count} concepts to {output}")

"""Commands on the glossary: import, list, validate, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from .. import glossary as rules
from .. import langtags, transfer
from ..formats import ReadOptions
from ..model import TERM_STATUSES
from .app import JsonOption, err, glossary_app, out, print_json, state


@glossary_app.command("import")
def import_cmd(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="TBX, TSV or CSV glossary files.")],
    fmt: Annotated[str | None, typer.Option("--format", help="tbx, tsv or csv.")] = None,
    replace: Annotated[bool, typer.Option(
        help="The files are the whole glossary: delete concepts and terms they lack.")] = False,
    src: Annotated[str | None, typer.Option(help="Source language (default zh).")] = None,
    tgt: Annotated[str | None, typer.Option(help="Target language (default en).")] = None,
    json_out: JsonOption = False,
) -> None:
    """Import glossary files (merged with the stored glossary, in one transaction).

    Example: [bold]tm glossary import glossary/*.tsv[/bold]
    """
    options = ReadOptions(src=langtags.check_known(src) if src else None,
                          tgt=langtags.check_known(tgt) if tgt else None)
    with state(ctx).open(create=True) as store:
        result = transfer.import_glossary_files(store, files, fmt=fmt, replace=replace,
                                                options=options)
    if json_out:
        print_json(result.as_dict())
    else:
        out.print(f"{result.read} concepts read: {result.added} terms added, "
                  f"{result.duplicates} already stored")


@glossary_app.command("list")
def list_cmd(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(
        help=f"Only terms with this status ({', '.join(TERM_STATUSES)}).")] = None,
    lang: Annotated[str | None, typer.Option(help="Only terms in this language.")] = None,
    json_out: JsonOption = False,
) -> None:
    """List the glossary's concepts and their terms.

    Example: [bold]tm glossary list --status deprecated --json[/bold]
    """
    if status and status not in TERM_STATUSES:
        raise typer.BadParameter(f"use one of {', '.join(TERM_STATUSES)}", param_hint="--status")
    with state(ctx).open() as store:
        concepts = store.concepts(status=status, lang=lang)
        zh_forms = {c.key: " / ".join(t.text for t in c.terms_in("zh"))
                    for c in store.concepts()}
    if json_out:
        print_json([
            {"concept": c.key, "note": c.note, "definition": c.definition,
             "terms": [{"text": t.text, "lang": t.lang, "status": t.status,
                        "case_sensitive": t.case_sensitive, "pos": t.pos, "note": t.note}
                       for t in c.terms]}
            for c in concepts
        ])
        return
    table = Table("concept", "zh", "en", "status", show_lines=False)
    for c in concepts:
        zh = zh_forms[c.key]
        for t in c.terms_in("en"):
            style = {"deprecated": "red", "admitted": "yellow"}.get(t.status, "green")
            table.add_row(c.key, zh, t.text, f"[{style}]{t.status}[/{style}]")
            zh = ""
    out.print(table)
    out.print(f"{len(concepts)} concepts")


@glossary_app.command("validate")
def validate_cmd(
    files: Annotated[list[Path], typer.Argument(help="Glossary files to check.")],
    fmt: Annotated[str | None, typer.Option("--format", help="tbx, tsv or csv.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Check glossary files: one preferred rendering per concept, no term in two concepts, no
    rendering both accepted and deprecated… Exit status 1 when an error is found.

    Example: [bold]tm glossary validate glossary/dongguan-slogans.tsv[/bold]
    """
    problems = []
    count = 0
    for path in files:
        concepts = transfer.read_glossary(path, fmt=fmt)
        count += len(concepts)
        problems += [(str(path), p) for p in rules.validate(concepts)]
    errors = sum(1 for _, p in problems if p.severity == "error")
    if json_out:
        print_json({"concepts": count, "errors": errors,
                    "problems": [{"file": f, **p.as_dict()} for f, p in problems]})
    else:
        for f, p in problems:
            where = f"{f}:{p.line}" if p.line else f
            err.print(f"{where}: {p.severity}: {p.concept}: {p.message}")
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

"""``tm pretranslate``: fill a file's empty targets from the memory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..workflow.pretranslate import PretranslateOptions, pretranslate
from .app import JsonOption, app, counted, out, print_json, progress_bar, state


@app.command("pretranslate")
def pretranslate_cmd(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="PO, XLIFF 1.2, TMX or TSV file.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write ('-': "
                                         "stdout).")],
    min_score: Annotated[int, typer.Option(min=1, max=100, help="Lowest fuzzy score "
                                           "used.")] = 75,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Fill targets that are "
                                            "already translated too.")] = False,
    fmt: Annotated[str | None, typer.Option("--format", help="po, xliff, tmx or tsv (default: "
                                            "from the extension).")] = None,
    src: Annotated[str | None, typer.Option(help="Source language (TSV columns).")] = None,
    tgt: Annotated[str | None, typer.Option(help="Target language (TMX, TSV).")] = None,
    json_out: JsonOption = False,
) -> None:
    """Fill the empty targets of a file from the memory; everything else is kept byte for
    byte. Exact matches are final; fuzzy ones (and those repaired: numbers or glossary terms
    changed) are marked for review: PO fuzzy + a '# tm:' comment, XLIFF
    needs-review-translation + alt-trans, TMX x-tm-match prop, TSV status column.

    Example: [bold]tm pretranslate new.po -o new.pre.po --min-score 80[/bold]
    """
    if json_out and str(output) == "-":
        raise UsageError("--json and -o - would both write to stdout; name an output file")
    with state(ctx).open() as store, progress_bar("pre-translating") as bar:
        options = PretranslateOptions(
            min_score=min_score, overwrite=overwrite, fmt=fmt, source_lang=src,
            target_lang=tgt, progress=lambda done: bar.update(bar.task_ids[0], completed=done))
        report = pretranslate(file, output, store, options)
    if json_out:
        print_json(report.as_dict())
        return
    out.print(f"{file}: {counted(report.units, 'unit')}; filled {report.filled_exact} exact, "
              f"{report.filled_repaired} repaired, {report.filled_fuzzy} fuzzy (for review); "
              f"{report.skipped} skipped → {output}")

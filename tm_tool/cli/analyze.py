"""The analysis command: tm analyze."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..fileio import atomic_write
from ..formats import ReadOptions
from ..workflow.analysis import Analysis, analyze
from ..workflow.analysis_report import render_csv, render_text
from .app import JsonOption, app, err, progress_bar, state, warn

RENDER: dict[str, Callable[[Analysis], str]] = {
    "text": render_text,
    "json": lambda result: json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n",
    "csv": render_csv,
}
FORMATS = tuple(RENDER)


@app.command("analyze")
def analyze_cmd(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(
        help="Files to analyse: TMX, PO, XLIFF, TSV/CSV (their source side) or plain text "
        "(.txt, split into sentences).")],
    src: Annotated[str | None, typer.Option(
        help="Source language of the files (plain text: its sentence rules).")] = None,
    tgt: Annotated[str | None, typer.Option(help="Target language of the files.")] = None,
    input_format: Annotated[str | None, typer.Option(
        "--input-format", help="Format of the files when their names do not say it.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, json or csv.")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output",
                                                help="Write the report here.")] = None,
    json_out: JsonOption = False,
) -> None:
    """How much of new files the memory covers: segments, Chinese characters and words per
    band (repetitions, 100 %, 95–99, 85–94, 75–84, 50–74, no match), per file and in total.

    Example: [bold]tm --db tm.db analyze new.po notes.txt --src zh-CN[/bold]
    """
    fmt = "json" if json_out else fmt
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}")
    options = ReadOptions(src=src, tgt=tgt, keep_untranslated=True, warn=warn)
    with state(ctx).open() as store, progress_bar("analysing") as bar:
        task = bar.task_ids[0]

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = analyze(files, store, fmt=input_format, options=options, progress=progress)
    text = RENDER[fmt](result)
    if output is None:
        sys.stdout.write(text)
        return
    with atomic_write(output, "w") as handle:
        handle.write(text)
    err.print(f"wrote the analysis of {len(files)} file(s) to {output}", markup=False)

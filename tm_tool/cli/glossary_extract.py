"""``tm glossary extract``: glossary candidates from the memory's segments, with their
evidence, for a terminologist to review and import (the library: tm_tool.extraction)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import extraction
from ..extraction import writers
from .app import JsonOption, err, glossary_app, state


def _format(fmt: str | None, output: Path | None, json_out: bool) -> str:
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output and str(output) != "-" else ""
        fmt = suffix if suffix in writers.FORMATS else "json" if json_out and not output \
            else "tsv"
    if fmt not in writers.FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(writers.FORMATS)}",
                                 param_hint="--format")
    return fmt


@glossary_app.command("extract")
def extract_cmd(
    ctx: typer.Context,
    origin: Annotated[str | None, typer.Option(help="Only this document's segments.")] = None,
    min_freq: Annotated[int, typer.Option(
        min=1, help="Least number of segments a pair is counted in (the association path).")
    ] = extraction.MIN_FREQ,
    top: Annotated[int | None, typer.Option(min=1, help="At most this many candidates, "
                                             "best first.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="tsv (the glossary's columns, status 'candidate', then the "
        "evidence; `tm glossary import` reads it), tbx or json. Default: by -o's extension, "
        "else tsv.")] = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="File to write (default: stdout).")] = None,
    known: Annotated[bool, typer.Option(
        "--known", help="Also list candidates the glossary already has (flag 'known').")
    ] = False,
    sample: Annotated[int, typer.Option(
        min=1, help="Count the association on at most this many segments, evenly spaced "
        "(fewer when their span × word-group pairs exceed the budget that keeps memory "
        "under 1 GB).")
    ] = extraction.SAMPLE,
    json_out: JsonOption = False,
) -> None:
    """Propose zh–en term pairs from the memory's segments, each with its frequency, score,
    segment ids and two example pairs; pairs already in the glossary are left out, pairs that
    contradict it are flagged.

    Example: [bold]tm glossary extract --top 50 -o candidates.tsv[/bold]
    """
    fmt = _format(fmt, output, json_out)
    with state(ctx).open() as store:
        total = store.count_segments(origin=origin)
        concepts = store.concepts()
        result = extraction.extract(
            extraction.texts_of(store.iter_segments(origin=origin, document_order=False)),
            total=total, concepts=concepts, min_freq=min_freq, top=top, sample=sample,
            keep_known=known)
    summary = {**result.summary(), "output": str(output) if output else None}
    target = output or Path("-")
    if fmt == "tbx":
        writers.write_tbx(result.candidates, target)
    elif fmt == "json" and not (json_out and not output):
        writers.write_json(result.candidates, summary, target)
    elif fmt == "tsv" and not (json_out and not output):
        writers.write_tsv(result.candidates, target)
    if json_out:
        sys.stdout.writelines(writers.json_chunks(result.candidates, summary))
        sys.stdout.write("\n")
    if not result.segments:
        err.print("tm: no zh–en segments" + (f" in {origin}" if origin else ""), markup=False)
    elif output and str(output) != "-":
        err.print(f"wrote {len(result.candidates)} candidates from {result.segments} segments "
                  f"to {output}", markup=False)
    sys.stdout.flush()

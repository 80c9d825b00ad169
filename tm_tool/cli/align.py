"""The alignment command: tm align."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from ..align.output import as_json, output_format, write
from ..align.pipeline import AlignJob, align_files
from ..formats.tabular import tsv_line
from ..store import Store
from .app import JsonOption, app, err, print_json, state


@contextlib.contextmanager
def _memory(db_path: Path, use: bool) -> Iterator[Store | None]:
    """The store's glossary and segments as anchors, when there is a database to read."""
    if not use or not db_path.exists():
        yield None
        return
    with Store.open(db_path) as store:
        yield store


def _evaluation_lines(evaluation: dict) -> list[str]:
    lines = []
    for kind in ("strict", "lax"):
        found = evaluation[kind]
        lines.append(f"{kind:6}  precision {found['precision']:.4f}  recall "
                     f"{found['recall']:.4f}  F1 {found['f1']:.4f}")
    lines.append(f"beads   {evaluation['test_beads']} aligned, {evaluation['gold_beads']} gold "
                 "(both sides non-empty)")
    return lines


def _print_rows(job: AlignJob) -> None:
    sys.stdout.write(tsv_line(["zh_ids", "en_ids", "zh", "en", "score", "shape", "status"]))
    for row in job.rows:
        sys.stdout.write(tsv_line([",".join(map(str, row.zh)), ",".join(map(str, row.en)),
                                   row.zh_text, row.en_text, f"{row.score:.3f}", row.shape,
                                   row.status]))


@app.command("align")
def align_cmd(
    ctx: typer.Context,
    zh_file: Annotated[Path, typer.Argument(help="The Chinese document (plain text; a blank "
                                            "line separates paragraphs).")],
    en_file: Annotated[Path, typer.Argument(help="Its English translation (plain text).")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write the beads here: .tsv (review, then tm import), .tmx, "
        ".html (review page) or .json.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="tsv, tmx, html or json, when the output's name does not say.")] = None,
    lines: Annotated[bool, typer.Option(
        "--lines", help="Each line is one sentence already (ids: 0-based line numbers).")
    ] = False,
    gold: Annotated[Path | None, typer.Option(
        help="A gold alignment ([zh ids]:[en ids] per line): print strict and lax precision, "
        "recall and F1.")] = None,
    encoding: Annotated[str | None, typer.Option(
        help="Encoding of both files when not UTF-8 (a BOM decides by itself).")] = None,
    anchors: Annotated[bool, typer.Option(
        "--anchors/--no-anchors", help="Use the database's glossary and segments as anchors "
        "(when --db exists).")] = True,
    json_out: JsonOption = False,
) -> None:
    """Align a Chinese document with its English translation, sentence by sentence: length,
    CC-CEDICT, numbers, glossary terms and TM segments as evidence. Beads that are not 1-1 or
    not sure are marked needs-review.

    Example: [bold]tm align communique.zh.txt communique.en.txt -o pairs.tsv[/bold]
    """
    chosen = output_format(output, fmt) if output is not None else None
    with _memory(state(ctx).db_path, anchors) as memory:
        job = align_files(zh_file, en_file, lines=lines, encoding=encoding, memory=memory,
                          gold=gold)
    data = as_json(job.rows, job.result, job.summary)
    if job.evaluation is not None:
        data["evaluation"] = job.evaluation
    if output is not None and chosen is not None:
        count = write(job.rows, job.result, job.summary, output, chosen,
                      f"{zh_file.name} ↔ {en_file.name}")
        err.print(f"wrote {count} beads to {output} ({job.summary['needs_review']} need "
                  "review)", markup=False)
    if json_out:
        print_json(data)
    elif job.evaluation is not None:
        sys.stdout.write("\n".join(_evaluation_lines(job.evaluation)) + "\n")
    elif output is None:
        _print_rows(job)

"""The scoring command: tm score."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..scoring import ScoreReport, metric_names, parse_gates, score_files
from .app import JsonOption, app, counted, err, out, print_json, state, warn


@app.command("score")
def score_cmd(
    ctx: typer.Context,
    hyp: Annotated[Path, typer.Argument(help="Translations to score (TMX, PO, TSV/CSV, or "
                                        "text with one segment per line).")],
    ref: Annotated[Path | None, typer.Option(
        help="Reference translations; without it, references come from the TM.")] = None,
    src: Annotated[str | None, typer.Option(help="Source language of the files.")] = None,
    tgt: Annotated[str | None, typer.Option(help="Target language (decides the tokenizer).")
                   ] = None,
    metrics: Annotated[str, typer.Option(help="Comma-separated: bleu, chrf, ter.")
                       ] = "bleu,chrf,ter",
    chrf_plus: Annotated[bool, typer.Option("--chrf-plus", help="chrF++ (word bigrams too).")
                         ] = False,
    worst: Annotated[int, typer.Option(min=0, help="How many worst segments to list.")] = 10,
    fail_under: Annotated[list[str] | None, typer.Option(
        help="Exit 1 when METRIC=VALUE is not reached (TER: exceeded), e.g. chrf=60.")] = None,
    json_out: JsonOption = False,
) -> None:
    """BLEU, chrF and TER against references (sacrebleu), right for Chinese targets.

    Lists the worst segments by sentence chrF. Plain-text files may be named by language, as
    sacrebleu's are (hyp.en, ref.zh): one segment per line.

    Example: [bold]tm score delivery.tsv --src zh-CN --tgt en --fail-under chrf=60[/bold]
    """
    chosen = metric_names(metrics)
    gates = parse_gates(fail_under)
    report = score_files(hyp, ref, state(ctx).db_path, src=src, tgt=tgt, metrics=chosen,
                         chrf_plus=chrf_plus, warn=warn)
    failed = report.failed_gates(gates)
    if json_out:
        print_json({**report.as_dict(worst), "failed_gates": failed})
    else:
        _show(report, worst, failed)
    if failed:
        raise typer.Exit(1)


def _show(report: ScoreReport, worst: int, failed: list[str]) -> None:
    for warning in report.warnings:
        err.print(f"tm: warning: {warning}")
    out.print(f"{counted(len(report.segments), 'segment')} scored ({report.target_lang} target)"
              + (f"; {len(report.unmatched)} without a reference: "
                 f"{', '.join(report.unmatched[:10])}" if report.unmatched else ""))
    for fig in report.corpus.values():
        out.print(f"  [bold]{fig.metric.upper():5}[/bold] {fig.score:6.2f}  "
                  f"[dim]{escape(fig.signature)}[/dim]")
    if worst and report.segments:
        out.print(f"worst {min(worst, len(report.segments))} by sentence chrF:")
        for seg in report.segments[:worst]:
            p = seg.pair
            source = f": {escape(p.source)}" if p.source else ""  # plain text has none
            out.print(f"  {seg.chrf:6.2f}  {escape(p.unit)}{source}")
            out.print(f"          hyp {escape(p.hypothesis)}", style="red")
            out.print(f"          ref {escape(p.reference)}", style="green")
    for name in failed:
        out.print(f"[red]{name} {report.corpus[name].score:.2f} fails --fail-under[/red]")

"""The scoring command: tm score."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from .. import langtags, transfer
from ..errors import UsageError
from ..formats import ReadOptions, segment_format
from ..model import Segment
from ..scoring import METRICS, from_tm, score, with_references
from ..text import detect_lang
from .app import JsonOption, app, counted, err, out, print_json, state, warn


def _gates(values: list[str] | None) -> dict[str, float]:
    gates = {}
    for value in values or []:
        name, _, number = value.partition("=")
        name = name.strip().lower()
        if name not in METRICS or not number:
            raise UsageError(f"--fail-under wants METRIC=VALUE with METRIC one of "
                             f"{', '.join(METRICS)}, not {value!r}")
        try:
            gates[name] = float(number)
        except ValueError:
            raise UsageError(f"--fail-under {value!r}: {number!r} is not a number") from None
    return gates


def _sacrebleu_language(path: Path) -> str | None:
    """The language of a file named the sacrebleu way (newstest2019.en, hyp.zh): plain text,
    one segment per line. None for names a known format claims (by extension or content)."""
    suffix = path.suffix.lstrip(".").lower()
    if not suffix or langtags.primary(suffix) not in langtags.KNOWN_LANGUAGES:
        return None
    try:
        segment_format(path)
    except UsageError:
        return suffix
    return None


def _read(path: Path, options: ReadOptions) -> list[Segment]:
    fmt = "text" if _sacrebleu_language(path) else None
    return list(transfer.read_segments(path, fmt=fmt, options=options))


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
    chosen = [m.strip() for m in metrics.split(",") if m.strip()]
    if not chosen or any(m not in METRICS for m in chosen):
        raise UsageError(f"--metrics takes {', '.join(METRICS)}")
    gates = _gates(fail_under)
    options = ReadOptions(src=langtags.check_known(src) if src else None,
                          tgt=langtags.check_known(tgt) if tgt else None, warn=warn)
    tgt = tgt or _sacrebleu_language(hyp)
    hyps = _read(hyp, options)
    if ref is not None:
        pairing = with_references(hyps, _read(ref, options))
    else:
        with state(ctx).open() as store:
            pairing = from_tm(hyps, store)
    if not pairing.pairs:
        raise UsageError("no hypothesis has a reference: nothing to score")
    lang = tgt or next((h.target_lang for h in hyps if h.target_lang), "")
    lang = langtags.primary(lang) if lang and langtags.is_valid(lang) else detect_lang(
        " ".join(p.hypothesis for p in pairing.pairs[:50]))
    report = score(pairing.pairs, tgt_lang=lang, metrics=chosen, chrf_plus=chrf_plus)
    report.unmatched = [h.unit_id or f"line {h.line}" for h in pairing.unmatched]
    seen = detect_lang(" ".join(p.reference for p in pairing.pairs[:50]))
    if seen != lang and lang in ("zh", "en"):
        report.warnings.append(f"the target language is {lang} but the references look like "
                               f"{seen}: say --tgt")
    failed = [name for name, limit in gates.items() if name in report.corpus and (
        report.corpus[name].score > limit if name == "ter" else report.corpus[name].score < limit)]
    if json_out:
        print_json({**report.as_dict(worst), "failed_gates": failed})
    else:
        for warning in report.warnings:
            err.print(f"tm: warning: {warning}")
        out.print(f"{counted(len(report.segments), 'segment')} scored ({lang} target)"
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
    if failed:
        raise typer.Exit(1)

"""Scoring files: the library behind ``tm score``.

:func:`score_files` reads the hypotheses and their references (a reference file, else the TM),
decides the target language (which decides the tokenizer), scores, and warns when the
references do not look like that language. Plain-text files may be named the sacrebleu way
(``newstest2019.en``, ``hyp.zh``): one segment per line, in the language of the suffix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from .. import langtags, transfer
from ..errors import UsageError
from ..formats import ReadOptions, segment_format
from ..formats.base import ignore_warning
from ..model import Segment
from ..store import Store
from ..text import detect_lang
from .metrics import METRICS
from .pairing import Pair, Pairing, from_tm, with_references
from .report import ScoreReport, score

SAMPLE = 50  # pairs whose texts tell the language, when nothing else does


def metric_names(spec: str) -> list[str]:
    """'bleu,chrf' -> ['bleu', 'chrf']; refuses an empty list or an unknown metric."""
    chosen = [m.strip() for m in spec.split(",") if m.strip()]
    if not chosen or any(m not in METRICS for m in chosen):
        raise UsageError(f"--metrics takes {', '.join(METRICS)}")
    return chosen


def parse_gates(specs: Sequence[str] | None) -> dict[str, float]:
    """['chrf=60', 'ter=40'] -> {'chrf': 60.0, 'ter': 40.0} (see ScoreReport.failed_gates)."""
    gates = {}
    for spec in specs or []:
        name, _, number = spec.partition("=")
        name = name.strip().lower()
        if name not in METRICS or not number:
            raise UsageError(f"--fail-under wants METRIC=VALUE with METRIC one of "
                             f"{', '.join(METRICS)}, not {spec!r}")
        try:
            gates[name] = float(number)
        except ValueError:
            raise UsageError(f"--fail-under {spec!r}: {number!r} is not a number") from None
    return gates


def sacrebleu_language(path: Path) -> str | None:
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


def score_files(hyp: str | Path, ref: str | Path | None = None,
                store: Store | str | Path | None = None, *, src: str | None = None,
                tgt: str | None = None, metrics: Sequence[str] = METRICS,
                chrf_plus: bool = False,
                warn: Callable[[str], None] = ignore_warning) -> ScoreReport:
    """Score the translations in ``hyp`` against ``ref`` (paired by unit id, else by
    position) or, without it, against the TM ``store`` (an open store, or a database file
    opened once the hypotheses are read), by exact source match.

    ``src``/``tgt``: the files' languages; ``tgt`` also decides the tokenizer (default: the
    file's target language, else the language its texts look like). ``warn`` hears what the
    readers warn about while the files are read.
    """
    hyp, ref = Path(hyp), Path(ref) if ref is not None else None
    options = ReadOptions(src=langtags.check_known(src) if src else None,
                          tgt=langtags.check_known(tgt) if tgt else None, warn=warn)
    tgt = tgt or sacrebleu_language(hyp)
    hyps = _read(hyp, options)
    pairing = _pair(hyps, ref, store, options)
    if not pairing.pairs:
        raise UsageError("no hypothesis has a reference: nothing to score")
    lang = _target_language(tgt, hyps, pairing.pairs)
    report = score(pairing.pairs, tgt_lang=lang, metrics=metrics, chrf_plus=chrf_plus)
    report.unmatched = [h.unit_id or f"line {h.line}" for h in pairing.unmatched]
    seen = detect_lang(" ".join(p.reference for p in pairing.pairs[:SAMPLE]))
    if seen != lang and lang in ("zh", "en"):
        report.warnings.append(f"the target language is {lang} but the references look like "
                               f"{seen}: say --tgt")
    return report


def _read(path: Path, options: ReadOptions) -> list[Segment]:
    fmt = "text" if sacrebleu_language(path) else None
    return list(transfer.read_segments(path, fmt=fmt, options=options))


def _pair(hyps: list[Segment], ref: Path | None, store: Store | str | Path | None,
          options: ReadOptions) -> Pairing:
    if ref is not None:
        return with_references(hyps, _read(ref, options))
    if isinstance(store, Store):
        return from_tm(hyps, store)
    if store is None:
        raise UsageError("no references: give a reference file or a TM")
    with Store.open(store) as opened:
        return from_tm(hyps, opened)


def _target_language(tgt: str | None, hyps: list[Segment], pairs: list[Pair]) -> str:
    """The language subtag the figures are for: ``tgt``, else the hypotheses' target
    language, else what the hypotheses look like."""
    lang = tgt or next((h.target_lang for h in hyps if h.target_lang), "")
    if lang and langtags.is_valid(lang):
        return langtags.primary(lang)
    return detect_lang(" ".join(p.hypothesis for p in pairs[:SAMPLE]))

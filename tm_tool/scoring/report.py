"""What scoring gives: corpus figures, per-segment chrF, and the CI gates on them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .metrics import METRICS, for_language
from .pairing import Pair


@dataclass
class Figure:
    metric: str
    score: float
    signature: str
    text: str  # sacrebleu's own formatting of the figure

    def as_dict(self) -> dict:
        return {"score": round(self.score, 4), "signature": self.signature, "text": self.text}


@dataclass
class SegmentScore:
    pair: Pair
    chrf: float

    def as_dict(self) -> dict:
        return {"unit": self.pair.unit, "source": self.pair.source,
                "hypothesis": self.pair.hypothesis, "reference": self.pair.reference,
                "chrf": round(self.chrf, 2)}


@dataclass
class ScoreReport:
    target_lang: str
    corpus: dict[str, Figure]
    segments: list[SegmentScore]  # worst first
    unmatched: list[str] = field(default_factory=list)  # units without a reference
    warnings: list[str] = field(default_factory=list)

    def as_dict(self, worst: int | None = None) -> dict:
        return {
            "target_lang": self.target_lang,
            "segments_scored": len(self.segments),
            "without_reference": len(self.unmatched),
            "unmatched_units": self.unmatched,
            "metrics": {name: fig.as_dict() for name, fig in self.corpus.items()},
            "worst": [s.as_dict() for s in self.segments[:worst]],
            "warnings": self.warnings,
        }

    def failed_gates(self, gates: Mapping[str, float]) -> list[str]:
        """The metrics of ``gates`` (metric -> limit) whose figure misses its limit: below it,
        or above it for TER (an error rate: lower is better). Unscored metrics pass."""
        return [name for name, limit in gates.items() if name in self.corpus and (
            self.corpus[name].score > limit if name == "ter"
            else self.corpus[name].score < limit)]


def score(pairs: Sequence[Pair], *, tgt_lang: str, metrics: Sequence[str] = METRICS,
          chrf_plus: bool = False) -> ScoreReport:
    """Corpus-level figures and per-segment chrF (worst first) for ``pairs``."""
    chosen = for_language(tgt_lang, chrf_plus=chrf_plus)
    hyps = [p.hypothesis for p in pairs]
    refs = [[p.reference for p in pairs]]
    corpus: dict[str, Figure] = {}
    for name in metrics:
        metric = getattr(chosen, name)
        result = metric.corpus_score(hyps, refs)
        corpus[name] = Figure(name, result.score, str(metric.get_signature()), str(result))
    segments = [SegmentScore(p, chosen.sentence_chrf.sentence_score(p.hypothesis,
                                                                    [p.reference]).score)
                for p in pairs]
    segments.sort(key=lambda s: (s.chrf, s.pair.unit))
    return ScoreReport(tgt_lang, corpus, segments, warnings=list(chosen.warnings))


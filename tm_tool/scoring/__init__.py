"""Scoring translations against references with sacrebleu (BLEU, chrF, TER).

Library API (what ``tm score`` calls)::

    from tm_tool.scoring import score_files
    report = score_files("delivery.tsv", store="tm.db", src="zh-CN", tgt="en")
    report.corpus["bleu"].score, report.corpus["bleu"].signature, report.warnings
    report.failed_gates({"chrf": 60.0})

Below it, ``score(pairs, tgt_lang="en")`` scores pairs already made.
"""

from __future__ import annotations

from .files import metric_names, parse_gates, sacrebleu_language, score_files
from .metrics import METRICS
from .pairing import Pair, Pairing, from_tm, with_references
from .report import Figure, ScoreReport, SegmentScore, score

__all__ = ["METRICS", "Figure", "Pair", "Pairing", "ScoreReport", "SegmentScore", "from_tm",
           "metric_names", "parse_gates", "sacrebleu_language", "score", "score_files",
           "with_references"]

"""Bilingual term extraction: zh–en glossary candidates from the memory's segments, each with
its evidence (``tm glossary extract``).

Two paths, one module per job:

- **association** (statistical.py): rjieba word spans (zh_spans.py) × English word groups
  (en_groups.py), counted per segment and scored by log-likelihood (association.py), raised by
  CC-CEDICT's confirmation (dictionary.py), kept when both directions agree;
- **quoted** (slogans.py): one-off slogans and titles, marked “…”/《…》 in Chinese and by
  quotes or Title Case in English, paired inside their segment by CC-CEDICT and numbers.

Then each candidate is compared with the controlled glossary (compare.py) and written for
review (writers.py).

The association counts every (span, group) pair of a segment, so its time and memory grow
with the pairs, not the segments: a long segment holds thousands. On a memory whose pairs
exceed ``PAIR_BUDGET`` (or whose segments exceed ``sample``) it counts an evenly spaced
sample that fits: every 2nd segment, then every 4th … (a term frequent in the memory is
frequent in the sample; a term seen in a few segments of a large memory may be missed). The
quoted path reads every segment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from .. import langtags
from ..model import Concept, Segment
from ..text import normalize_zh_for_terms
from . import en_groups, phrases, slogans, statistical
from .compare import Glossary
from .evidence import Candidate
from .statistical import Text

SAMPLE = 200_000
# Span × group pairs the association counts at most: peak RSS about 570 MB, 58 s CPU for the
# whole command on the 1M bench set (5,000 pairs a segment: 15,625 of them counted); 160 M
# went past 750 MB (bench/results/2026-12-02-extract.md). TICO-19: 1,500 a segment, 4.6 M.
PAIR_BUDGET = 80_000_000
# Segments the phrase path reads (about 15 ms each): all of a small memory, an evenly spaced
# part of the association's sample in a large one.
PHRASE_SAMPLE = 2_000
MIN_FREQ = 2

_METHODS = ("association", "quoted", "phrase")

__all__ = ["MIN_FREQ", "PAIR_BUDGET", "SAMPLE", "Candidate", "Result", "Text", "extract",
           "texts_of"]


@dataclass
class Result:
    segments: int  # zh–en segments read
    sampled: int  # of which the association counted
    candidates: list[Candidate] = field(default_factory=list)
    known: int = 0  # candidates left out as already in the glossary

    def summary(self) -> dict:
        flags = {"new": 0, "contradicts": 0, "known": 0}
        for c in self.candidates:
            flags[c.flag] += 1
        return {"segments": self.segments, "sampled": self.sampled,
                "known_left_out": self.known, "by_flag": flags}


def texts_of(segments: Iterable[Segment]) -> Iterator[Text]:
    """The zh–en segments (either direction) as extraction reads them; others are skipped."""
    for seg in segments:
        src, tgt = langtags.primary(seg.source_lang), langtags.primary(seg.target_lang)
        if (src, tgt) == ("zh", "en"):
            yield Text(seg.id or 0, seg.source, seg.target)
        elif (src, tgt) == ("en", "zh"):
            yield Text(seg.id or 0, seg.target, seg.source)


def _one_per_pair(found: list[Candidate]) -> list[Candidate]:
    """A pair found by several paths once, as the first path found it (association, then
    quoted, then phrase)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for c in found:
        if (c.zh, c.en.lower()) not in seen:
            seen.add((c.zh, c.en.lower()))
            kept.append(c)
    return kept


def _rank(c: Candidate) -> tuple:
    return (c.method == "association", c.freq, c.confirmation)


def _one_per_zh(found: list[Candidate]) -> list[Candidate]:
    """One candidate per Chinese term (a glossary gives a term to one concept): the counted
    one if there is one, else the one seen in most segments, then the best confirmed. But a
    counted English that is a word-bounded cut of the quoted path's English for the same
    marked term gives way to it (“十四五” ↔ "14th Five-Year Plan", not the counted "14th
    Five-Year": the marks bound the Chinese, the capitals the English, and the count cannot
    tell a name from its first words); so does a counted group of the most words a group
    holds, to a Title-Case name of the phrase path holding it (市委常委会 ↔ "Standing
    Committee of the Municipal Party Committee", seven words, not the counted five
    "Committee of the Municipal Party")."""
    best: dict[str, Candidate] = {}
    named: dict[str, list[Candidate]] = {}
    for c in found:
        key = normalize_zh_for_terms(c.zh)[0]
        other = best.get(key)
        if other is None or _rank(c) > _rank(other):
            best[key] = c
        if c.method in ("quoted", "phrase"):
            named.setdefault(key, []).append(c)
    for key, c in best.items():
        if c.method == "association":
            # (a phrase-path name only where the count's group is as long as a group can be)
            capped = len(en_groups.WORD.findall(c.en)) >= en_groups.MAX_WORDS
            names = [n for n in named.get(key, ()) if _cuts(c.en, n.en) and (
                n.method == "quoted" or (capped and _is_name(n.en)))]
            if names:
                best[key] = max(names, key=_rank)
    return list(best.values())


def _is_name(en: str) -> bool:
    """Whether ``en`` is one Title-Case name ("Standing Committee of the Municipal Party
    Committee"), as the phrase path's English may be."""
    spans = en_groups.title_spans(en)
    return len(spans) == 1 and (spans[0].start, spans[0].end) == (0, len(en))


def _cuts(part: str, whole: str) -> bool:
    """Whether ``part`` is ``whole`` cut short at a word boundary (same capitals)."""
    return len(part) < len(whole) and re.search(
        r"(?<![\w-])" + re.escape(part) + r"(?![\w-])", whole) is not None


class _Sample:
    """Every ``step``-th segment with its keys, ``step`` doubling (and every other kept
    segment dropped) whenever the kept ones exceed ``limit`` segments or ``budget`` pairs:
    the sample stays evenly spaced and bounded without knowing the segments' lengths ahead."""

    def __init__(self, total: int | None, limit: int, budget: int) -> None:
        self.limit, self.budget = max(1, limit), max(1, budget)
        self.step = 1
        while total and total > self.limit * self.step:  # no keys computed only to be dropped
            self.step *= 2
        self.kept: list[tuple[int, Text, tuple[np.ndarray, np.ndarray]]] = []
        self.pairs = 0

    def add(self, n: int, text: Text) -> None:
        if n % self.step:
            return
        keys = statistical.hashed(text)
        self.kept.append((n, text, keys))
        self.pairs += len(keys[0]) * len(keys[1])
        while len(self.kept) > 1 and (len(self.kept) > self.limit or self.pairs > self.budget):
            self.step *= 2
            self.kept = [k for k in self.kept if k[0] % self.step == 0]
            self.pairs = sum(len(z) * len(e) for _, _, (z, e) in self.kept)

    def texts(self) -> list[Text]:
        return [text for _, text, _ in self.kept]

    def keys(self) -> list[tuple[np.ndarray, np.ndarray]]:
        return [keys for _, _, keys in self.kept]


def extract(texts: Iterable[Text], *, total: int | None = None,
            concepts: Iterable[Concept] = (), min_freq: int = MIN_FREQ, top: int | None = None,
            sample: int = SAMPLE, keep_known: bool = False,
            pair_budget: int = PAIR_BUDGET) -> Result:
    """Candidates from ``texts`` (``total``: how many there are, for the sample's spacing)."""
    quoted = slogans.Collector()
    kept = _Sample(total, sample, pair_budget)
    seen = 0
    for n, text in enumerate(texts):
        seen += 1
        quoted.add(text)
        kept.add(n, text)
    counted = kept.texts()
    found = statistical.candidates(counted, min_freq, kept.keys())
    phrase_step = max(1, -(-len(counted) // PHRASE_SAMPLE))
    found += quoted.candidates() + phrases.candidates(counted[::phrase_step])
    found = _one_per_zh(_one_per_pair(found))
    glossary = Glossary(concepts)
    for candidate in found:
        glossary.judge(candidate)
    known = sum(1 for c in found if c.flag == "known")
    if not keep_known:
        found = [c for c in found if c.flag != "known"]
    found.sort(key=lambda c: (_METHODS.index(c.method), -c.score, c.zh, c.en))
    return Result(segments=seen, sampled=len(counted),
                  candidates=found[:top] if top else found, known=known)

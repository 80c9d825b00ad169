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

On a memory larger than ``sample`` segments the association is counted on an evenly spaced
sample of that many (memory and time stay bounded; a term frequent in the memory is frequent
in the sample); the quoted path reads every segment.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .. import langtags
from ..model import Concept, Segment
from ..text import normalize_zh_for_terms
from . import phrases, slogans, statistical
from .compare import Glossary
from .evidence import Candidate
from .statistical import Text

SAMPLE = 20_000
# Segments the phrase path reads (about 15 ms each): all of a small memory, an evenly spaced
# part of the association's sample in a large one.
PHRASE_SAMPLE = 2_000
MIN_FREQ = 2

_METHODS = ("association", "quoted", "phrase")

__all__ = ["MIN_FREQ", "SAMPLE", "Candidate", "Result", "Text", "extract", "texts_of"]


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
    one if there is one, else the one seen in most segments, then the best confirmed."""
    best: dict[str, Candidate] = {}
    for c in found:
        key = normalize_zh_for_terms(c.zh)[0]
        other = best.get(key)
        if other is None or _rank(c) > _rank(other):
            best[key] = c
    return list(best.values())


def extract(texts: Iterable[Text], *, total: int | None = None,
            concepts: Iterable[Concept] = (), min_freq: int = MIN_FREQ, top: int | None = None,
            sample: int = SAMPLE, keep_known: bool = False) -> Result:
    """Candidates from ``texts`` (``total``: how many there are, for the sample's spacing)."""
    step = max(1, -(-total // sample)) if total and sample else 1
    quoted = slogans.Collector()
    counted: list[Text] = []
    seen = 0
    for n, text in enumerate(texts):
        seen += 1
        quoted.add(text)
        if n % step == 0 and len(counted) < sample:
            counted.append(text)
    found = statistical.candidates(counted, min_freq)
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

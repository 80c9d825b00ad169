"""Competitive linking (Melamed 2000): in each segment the strongest (span, group) pair is
linked first and takes its characters and words, then the next strongest among the rest, and
so on; the pairs are then re-scored on how often they were *linked*, not merely seen together.

Counting co-occurrence alone gives a word the partners of its neighbours (隔离室 beside
"isolation" because "isolation room" is there, 呼吸困难 beside "breathing"): once the true
partner has taken both sides, the neighbour's pair is not linked in that segment and its
count falls.

A pair holding a linked one on both sides (严重急性呼吸综合征 ↔ "severe acute respiratory
syndrome" around 严重急性 ↔ "severe acute") does not conflict with it: it is the same
correspondence cut longer, and is linked too; which cut is the term is decided
afterwards (statistical._best_nested). Without that exception the frequent short pair
(冠状病毒 ↔ "coronavirus") takes every compound holding it: top-1 fell from 0.72 to 0.60.
A pair nested in a linked one on both sides takes nothing: that segment's link is the longer
pair's, so a shorter pair is linked where it stands alone (隔离 ↔ "isolation" is not linked
inside 隔离室 ↔ "isolation room", and 隔离室's share no longer equals 隔离's).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from . import association, en_groups, zh_spans

Link = tuple[int, int, int, int]  # zh start, end; en start, end
# Segments linked at most (evenly spaced): linking re-reads each one (about 1 ms for a long
# segment); the share of a pair's co-occurrences that are links is estimated on them.
SAMPLE = 4_000


def _inside(a0: int, a1: int, b0: int, b1: int) -> bool:
    return b0 <= a0 and a1 <= b1


def _conflicts(link: Link, taken: list[Link]) -> bool:
    """Whether ``link`` shares characters or words with a taken link without nesting with
    it on both sides."""
    z0, z1, e0, e1 = link
    for y0, y1, f0, f1 in taken:
        if not (z0 < y1 and y0 < z1) and not (e0 < f1 and f0 < e1):
            continue
        if (_inside(z0, z1, y0, y1) and _inside(e0, e1, f0, f1)) or \
                (_inside(y0, y1, z0, z1) and _inside(f0, f1, e0, e1)):
            continue
        return True
    return False


def _nested(link: Link, taken: list[Link]) -> bool:
    """Whether ``link`` lies inside a taken link on both sides (隔离 ↔ "isolation" inside
    隔离室 ↔ "isolation room")."""
    z0, z1, e0, e1 = link
    return any(_inside(z0, z1, y0, y1) and _inside(e0, e1, f0, f1) for y0, y1, f0, f1 in taken)


def _links_in(text, partners: dict[str, list[tuple[str, float]]]
              ) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The pairs one segment holds, and those of them competitive linking links."""
    spans = [s for s in zh_spans.spans(text.zh) if s.text in partners]
    if not spans:
        return set(), set()
    where: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for g in en_groups.groups(text.en):
        where[g.key].append((g.start, g.end))
    options = [(-value, s.start, s.end, g0, g1, s.text, en)
               for s in spans for en, value in partners[s.text]
               for g0, g1 in where.get(en, ())]
    options.sort()
    taken: list[Link] = []
    found: set[tuple[str, str]] = set()
    for _, z0, z1, e0, e1, zh, en in options:
        link = (z0, z1, e0, e1)
        # (nested: that segment's link is the longer pair's, not its own)
        if not _conflicts(link, taken) and not _nested(link, taken):
            taken.append(link)
            found.add((zh, en))
    return {(zh, en) for *_, zh, en in options}, found


def linked(texts: Sequence, scores: dict[tuple[str, str], float], sample: int = SAMPLE
           ) -> dict[tuple[str, str], float]:
    """(span, group key) → the share of the segments holding both in which competitive
    linking links them, over the pairs of ``scores`` (their strength), read on at most
    ``sample`` evenly spaced segments (pairs they never hold are left out)."""
    partners: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (zh, en), value in scores.items():
        partners[zh].append((en, value))
    held: dict[tuple[str, str], int] = defaultdict(int)
    links: dict[tuple[str, str], int] = defaultdict(int)
    for text in texts[::max(1, -(-len(texts) // sample))]:
        present, found = _links_in(text, partners)
        for pair in present:
            held[pair] += 1
        for pair in found:
            links[pair] += 1
    return {pair: links.get(pair, 0) / n for pair, n in held.items()}


def rescored(texts: Sequence, scored: dict[int, tuple[float, float, str, str]],
             pairs: association.Pairs, counts: dict[int, float] | None = None
             ) -> dict[int, tuple[float, float, str, str]]:
    """``scored`` (pair index → (value, confirmation, zh, en)) with each value's G² that of
    the pair's estimated link count (its co-occurrences × the share linked) in place of its
    co-occurrence count, its other factors kept; ``counts``, if given, receives each pair's
    estimated link count."""
    share = linked(texts, {(zh, en): value for value, _, zh, en in scored.values()})
    ids = list(scored)
    joint = pairs.joint[ids] * np.array([share.get((scored[i][2], scored[i][3]), 1.0)
                                         for i in ids])
    zh_freq, en_freq = pairs.zh_freq[pairs.zh[ids]], pairs.en_freq[pairs.en[ids]]
    after = association.log_likelihood(joint, zh_freq, en_freq, pairs.segments)
    before = association.log_likelihood(pairs.joint[ids], zh_freq, en_freq, pairs.segments)
    out = {}
    for n, i in enumerate(ids):
        value, confirmed, zh, en = scored[i]
        if counts is not None:
            counts[i] = float(joint[n])
        out[i] = (value * max(float(after[n]), 0.0) / max(float(before[n]), 1e-9), confirmed,
                  zh, en)
    return out

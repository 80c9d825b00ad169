"""What the first pass teaches the second: the document's own length ratio and variance, its
shape frequencies, and a small dictionary of word pairs that co-occur in its confident beads
(hunalign's idea: names and the document's own terminology are rarely in CC-CEDICT)."""

from __future__ import annotations

from collections import Counter

import numpy as np

from .dp import Bead
from .features import Side, english_words
from .scoring import PRIOR, Params

MIN_SIM = 0.25  # a 1-1 bead at least this similar is taken as right for learning


def confident(beads: list[Bead]) -> list[Bead]:
    return [b for b in beads if b.shape == (1, 1) and b.sim >= MIN_SIM]


def reestimate(beads: list[Bead], zh: Side, en: Side, params: Params) -> Params:
    """c and s² from the confident 1-1 beads (kept when there are too few to say), and the
    shape priors from all beads, smoothed toward the defaults."""
    sure = confident(beads)
    new = Params(**{**params.__dict__, "priors": dict(params.priors)})
    if len(sure) >= 10:
        l_zh = np.array([zh.lengths[b.zh[0]] for b in sure])
        l_en = np.array([en.lengths[b.en[0]] for b in sure])
        keep = l_zh > 0
        ratios = l_en[keep] / l_zh[keep]
        c = float(np.median(ratios))
        resid = (l_en[keep] - c * l_zh[keep]) ** 2 / np.maximum(l_zh[keep], 1.0)
        s2 = float(np.median(resid) / 0.455)  # median of χ²₁ is 0.455: robust to bad beads
        new.c = min(max(c, 1.0), 8.0)
        new.s2 = min(max(s2, 4.0), 80.0)
    counts = Counter(f"{len(b.zh)}-{len(b.en)}" for b in beads)
    weight = 50.0  # pseudo-beads of the default mix
    total = sum(counts.values()) + weight
    for (a, b), prior in PRIOR.items():
        key = f"{a}-{b}"
        new.priors[key] = (counts.get(key, 0) + weight * prior) / total
    return new


def learn_dictionary(beads: list[Bead], zh: Side, en: Side, *, min_count: int = 2,
                     min_dice: float = 0.3) -> dict[str, list[str]]:
    """Chinese word → English words whose Dice association over the confident beads is high
    (each Chinese word keeps its best two)."""
    sure = confident(beads)
    zh_count: Counter[str] = Counter()
    en_count: Counter[str] = Counter()
    pair_count: Counter[tuple[str, str]] = Counter()
    for bead in sure:
        z_words = set(zh.words[bead.zh[0]])
        e_words = set(english_words(en.texts[bead.en[0]]))
        zh_count.update(z_words)
        en_count.update(e_words)
        pair_count.update((z, e) for z in z_words for e in e_words)
    found: dict[str, list[tuple[float, str]]] = {}
    for (z, e), together in pair_count.items():
        if together < min_count:
            continue
        dice = 2.0 * together / (zh_count[z] + en_count[e])
        if dice >= min_dice:
            found.setdefault(z, []).append((dice, e))
    return {z: [e for _, e in sorted(pairs, reverse=True)[:2]] for z, pairs in found.items()}


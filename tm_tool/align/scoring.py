"""The cost of a bead: its shape's prior, the Gale–Church length cost, minus the lexical
similarity (dictionary, numbers, glossary terms, TM anchors) weighted by ``alpha``.

Costs are in nats (−log probability). The length model is Gale & Church (1993): the English
length of a bead is about ``c`` times the Chinese one, with variance ``s2`` per unit of length;
the cost is −log of the two-sided tail probability of the standardised difference, capped so
that one freely translated sentence cannot outweigh the evidence of its words.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

# Bead shapes (zh sentences, en sentences), and how often each occurs in translated prose
# (Gale & Church's figures, with 1-2 made as common as 2-1: English news splits long Chinese
# sentences at least as often as it merges them).
SHAPES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3))
PRIOR = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.045, (1, 2): 0.045,
         (2, 2): 0.011, (3, 1): 0.004, (1, 3): 0.004}


@dataclass
class Params:
    """What one alignment used; ``c`` and ``s2`` are re-estimated per document."""

    c: float = 3.3  # English characters (spaces excluded) per Chinese character
    s2: float = 23.0  # variance of that, per Chinese character
    alpha: float = 26.0  # weight of lexical similarity against length
    idle: float = 4.0  # cost of a merged sentence that shares no evidence with the bead
    cap: float = 12.0  # the most a bead's length can cost (nats)
    idf: bool = False  # weigh English words by how few sentences of the document have them
    gap_cap: float = 2.0  # the most a 1-0 or 0-1 bead's length can cost
    priors: dict[str, float] = field(
        default_factory=lambda: {f"{a}-{b}": p for (a, b), p in PRIOR.items()})

    def prior_cost(self, a: int, b: int) -> float:
        return -float(np.log(self.priors[f"{a}-{b}"]))

    def as_dict(self) -> dict:
        data = asdict(self)
        data["c"], data["s2"] = round(self.c, 3), round(self.s2, 2)
        data["priors"] = {k: round(v, 4) for k, v in self.priors.items()}
        return data


_NR = (-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807,
       -1.13520398, 1.48851587, -0.82215223, 0.17087277)


def log_erfc(z: np.ndarray) -> np.ndarray:
    """log erfc(z) for z ≥ 0 (Numerical Recipes' erfcc, relative error < 1.2e-7), without
    underflow in the far tail."""
    t = 1.0 / (1.0 + 0.5 * z)
    poly = np.zeros_like(z)
    for coefficient in reversed(_NR[1:]):
        poly = (poly + coefficient) * t
    return np.log(t) - z * z + _NR[0] + poly


def length_cost(l_zh: np.ndarray | float, l_en: np.ndarray | float, params: Params
                ) -> np.ndarray:
    """−log P(|δ| this large) for beads of these total lengths (vectorised)."""
    l_zh = np.asarray(l_zh, dtype=np.float64)
    l_en = np.asarray(l_en, dtype=np.float64)
    mean = np.maximum((l_zh + l_en / params.c) / 2.0, 1.0)
    delta = np.abs(l_en - params.c * l_zh) / np.sqrt(params.s2 * mean)
    cost = np.minimum(-log_erfc(delta / np.sqrt(2.0)), params.cap)
    # a sentence left alone has no length to disagree with: its prior says how rare that is,
    # and its length only a little (else a long untranslated sentence is merged instead)
    return np.where((l_zh == 0) | (l_en == 0), np.minimum(cost, params.gap_cap), cost)


def similarity(cover: np.ndarray, mass: np.ndarray) -> np.ndarray:
    """Dice-like: twice the explained English weight over the evidence of both sides."""
    return np.where(mass > 0, 2.0 * cover / np.maximum(mass, 1e-9), 0.0)


def confidence(sim: float, length: float, shape: tuple[int, int], params: Params) -> float:
    """How sure a bead is, 0..1: a logistic of its lexical support and its length cost, 0.5
    where a 1-1 bead has a fifth of its evidence shared and an unremarkable length (on the
    gold sets, right 1-1 beads have a median similarity of 0.4–0.6, wrong ones 0.3–0.5, and
    wrong ones are longer or shorter than their partners more often). A sentence alone has
    only its length to say anything."""
    if 0 in shape:
        return round(float(0.5 / (1.0 + np.exp(length - 1.0))), 3)
    margin = 10.0 * (sim - 0.2) - 0.6 * (length - 0.7)
    margin -= params.prior_cost(*shape) - params.prior_cost(1, 1)
    return round(float(1.0 / (1.0 + np.exp(-margin))), 3)

"""Scoring an alignment against a gold one (Sennrich & Volk 2010, as Vecalign and Bertalign
report it): only beads with both sides non-empty count. Strict: a test bead is right when a
gold bead has exactly its sentences. Lax: when some gold bead shares at least one sentence on
each side. Counts are pooled over documents before precision and recall are taken.

Gold file: one bead a line, ``[zh ids]:[en ids]`` with 0-based sentence ids, e.g. ``[0,1]:[0]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..fileio import read_text

Pair = tuple[tuple[int, ...], tuple[int, ...]]
_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.replace(" ", "").split(",") if x)


def read_gold(path: str | Path) -> list[Pair]:
    beads = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None:
            raise InputError("not a gold bead like [0,1]:[2]", path=path, line=number)
        beads.append((_ids(match.group(1)), _ids(match.group(2))))
    if not beads:
        raise InputError("empty gold file: no beads", path=path)
    return beads


@dataclass
class Counts:
    """Pooled counts: test and gold beads (both sides non-empty), and those found right."""

    test: int = 0
    gold: int = 0
    strict_test: int = 0  # test beads equal to a gold bead
    strict_gold: int = 0
    lax_test: int = 0  # test beads overlapping a gold bead on both sides
    lax_gold: int = 0

    def add(self, test: list[Pair], gold: list[Pair]) -> None:
        test = [b for b in test if b[0] and b[1]]
        gold = [b for b in gold if b[0] and b[1]]
        self.test += len(test)
        self.gold += len(gold)
        gold_set, test_set = set(gold), set(test)
        self.strict_test += sum(b in gold_set for b in test)
        self.strict_gold += sum(b in test_set for b in gold)
        self.lax_test += sum(_overlaps(b, gold) for b in test)
        self.lax_gold += sum(_overlaps(b, test) for b in gold)

    def as_dict(self) -> dict:
        strict = _prf(self.strict_test, self.test, self.strict_gold, self.gold)
        lax = _prf(self.lax_test, self.test, self.lax_gold, self.gold)
        return {"strict": strict, "lax": lax, "test_beads": self.test, "gold_beads": self.gold}


def _overlaps(bead: Pair, others: list[Pair]) -> bool:
    zh, en = set(bead[0]), set(bead[1])
    return any(zh & set(o[0]) and en & set(o[1]) for o in others)


def _prf(right_test: int, test: int, right_gold: int, gold: int) -> dict:
    precision = right_test / test if test else 0.0
    recall = right_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def score(test: list[Pair], gold: list[Pair]) -> dict:
    counts = Counts()
    counts.add(test, gold)
    return counts.as_dict()

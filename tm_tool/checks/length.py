"""length-ratio: a target far longer or shorter than its source usually means a missing or
added sentence. The expected ratio depends on the languages: an English translation of Chinese
runs about 2–3.5 Latin characters per Chinese character."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from .base import Context, Finding, Unit, UnitCheck

# (source, target) -> (lowest, highest) acceptable len(target) / len(source)
RATIOS = {("zh", "en"): (1.2, 8.0), ("en", "zh"): (0.12, 0.85)}  # official zh is dense
DEFAULT = (0.4, 2.5)
MIN_LENGTH = 12  # shorter sources vary too much to judge


class LengthCheck(UnitCheck):
    codes = ("length-ratio",)
    severity: ClassVar[dict[str, str]] = {"length-ratio": "info"}
    description = "target length plausible for its source"

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        src, tgt = unit.segment.source.strip(), unit.segment.target.strip()
        if len(src) < MIN_LENGTH or not tgt:
            return
        low, high = RATIOS.get((unit.source_lang, unit.target_lang), DEFAULT)
        ratio = len(tgt) / len(src)
        if ratio < low or ratio > high:
            side = "short" if ratio < low else "long"
            yield self.finding("length-ratio", unit,
                               f"target is unusually {side} for its source "
                               f"({ratio:.2f}× the source length; expected {low}–{high}×)")

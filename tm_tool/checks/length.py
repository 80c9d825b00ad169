"""length-ratio: a target far longer or shorter than its source usually means a missing or
added sentence. The expected ratio depends on the languages: an English translation of Chinese
runs about 2–3.5 Latin characters per Chinese character. Only the words count: placeholders,
tags and addresses are the same length in any language, so a string that is mostly codes (or
a target identical to its source, untranslated's business) is not judged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from .base import Context, Finding, Unit, UnitCheck
from .codes import without_tags
from .placeholders import PLACEHOLDER, may_have_placeholders
from .urls import addresses

# (source, target) -> (lowest, highest) acceptable len(target) / len(source)
RATIOS = {("zh", "en"): (1.2, 8.0), ("en", "zh"): (0.12, 0.85)}  # official zh is dense
DEFAULT = (0.4, 2.5)
MIN_LENGTH = 12  # shorter sources vary too much to judge


_LATIN_TOKEN = re.compile(r"[A-Za-z][\w.+/-]*\w|[A-Za-z]", re.ASCII)
_LATIN = re.compile(r"[A-Za-z]")


def prose(text: str) -> str:
    """The text without its placeholders, tags and addresses, spaces collapsed."""
    text = without_tags(text)
    if may_have_placeholders(text):
        text = PLACEHOLDER.sub(" ", text)
    for address in addresses(text):
        text = text.replace(address, " ")
    return " ".join(text.split())


def untranslatable(source: str, target: str) -> set[str]:
    """Latin tokens written the same on both sides (Makefile, IPv4, numfig_format): kept, not
    translated, so they say nothing about the length of the translation."""
    return set(_LATIN_TOKEN.findall(source)) & set(_LATIN_TOKEN.findall(target))


def _without(text: str, tokens: set[str]) -> str:
    return _LATIN_TOKEN.sub(lambda m: "" if m.group() in tokens else m.group(), text)


class LengthCheck(UnitCheck):
    codes = ("length-ratio",)
    severity: ClassVar[dict[str, str]] = {"length-ratio": "info"}
    description = "target length plausible for its source"

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        seg = unit.segment
        if seg.source.strip() == seg.target.strip():
            return
        src, tgt = prose(seg.source), prose(seg.target)
        # (a side without Latin letters shares no token with the other: nothing to take out)
        if unit.source_lang != unit.target_lang and _LATIN.search(src) and _LATIN.search(tgt):
            kept = untranslatable(src, tgt)
            src, tgt = _without(src, kept).strip(), _without(tgt, kept).strip()
        if len(src) < MIN_LENGTH or not tgt:
            return
        low, high = RATIOS.get((unit.source_lang, unit.target_lang), DEFAULT)
        ratio = len(tgt) / len(src)
        if ratio < low or ratio > high:
            side = "short" if ratio < low else "long"
            yield self.finding("length-ratio", unit,
                               f"target is unusually {side} for its source "
                               f"({ratio:.2f}× the source length; expected {low}–{high}×)")

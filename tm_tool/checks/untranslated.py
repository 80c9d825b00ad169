"""untranslated: an empty target, or a target identical to its source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from .base import Context, Finding, Unit, UnitCheck
from .placeholders import PLACEHOLDER

# What may rightly stay untranslated: placeholders, tags, entities, URLs, and words that are
# codes rather than language (acronyms, units, identifiers such as IPv4).
_CODE = re.compile(PLACEHOLDER.pattern + r"|<[^>]*>|&#?\w+;|https?://\S+|\S+@\S+")
_WORD = re.compile(r"[^\W\d_]+")


def is_invariant(text: str) -> bool:
    """No word of natural language left once codes are taken out."""
    rest = _CODE.sub(" ", text)
    return all(_is_code(w) for w in _WORD.findall(rest))


def _is_code(word: str) -> bool:
    """KB, IPv4, OK: short, all capitals, or mixed case that is not a capitalised word."""
    if not word.isascii():
        return False  # Chinese (or any non-Latin) text is language
    mixed = any(c.isupper() for c in word) and any(c.islower() for c in word)
    return len(word) <= 2 or word.isupper() or (mixed and not word.istitle())


class UntranslatedCheck(UnitCheck):
    codes = ("untranslated",)
    severity: ClassVar[dict[str, str]] = {"untranslated": "error"}
    description = "every unit translated"

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        seg = unit.segment
        if not seg.target.strip():
            yield self.finding("untranslated", unit, "the target is empty")
        elif seg.target.strip() == seg.source.strip() and not is_invariant(seg.source):
            yield self.finding("untranslated", unit, "the target is the source, untranslated")

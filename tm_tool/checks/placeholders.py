"""placeholder: printf (%s, %d, %1$s), brace ({0}, {name}) and ${name} placeholders must be the
same on both sides. This module owns the placeholder grammar; inline tags are tags.py's."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import ClassVar

from .base import Context, Finding, Unit, UnitCheck

PLACEHOLDER = re.compile(
    # printf without the space flag (so "80% of" is a percentage, not "% o"), and never
    # right after a digit; Python %(name)s; brace {0} {name}; JavaScript ${name}.
    r"(?<!\d)%(?:\d+\$)?[-+0#]*\d*(?:\.\d+)?[sdifFeEgGxXocu%]|\{[\w.]*\}|%\(\w+\)[sdifr]"
    r"|\$\{\w+\}")


def may_have_placeholders(text: str) -> bool:
    return "%" in text or "{" in text  # every placeholder has one of these


def mask_placeholders(text: str) -> str:
    """The text with its placeholders blanked out, offsets kept (they are not numbers)."""
    if not may_have_placeholders(text):
        return text
    return PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)


_EMPTY: Counter = Counter()
_NAMED = re.compile(r"%\(|%\d+\$|\{\w|\$\{")  # %(name)s, %1$s, {0}, {name}, ${name}


def placeholders(text: str) -> Counter:
    """The placeholders of a text. Named and numbered ones may repeat or move in a
    translation (gettext checks only that the same names are used), so they count once;
    bare %s and %d are positional, so their number counts."""
    if not may_have_placeholders(text):
        return _EMPTY
    found = Counter(p for p in PLACEHOLDER.findall(text) if p != "%%")
    for name in found:
        if _NAMED.match(name):
            found[name] = 1
    return found


def _may_find(unit: Unit) -> bool:
    seg = unit.segment  # (see placeholders(): every placeholder has a % or a {)
    return "%" in seg.source or "{" in seg.source or "%" in seg.target or "{" in seg.target


class PlaceholderCheck(UnitCheck):
    codes = ("placeholder",)
    severity: ClassVar[dict[str, str]] = {"placeholder": "error"}
    description = "placeholders kept"
    may_find = staticmethod(_may_find)

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        seg = unit.segment
        if not seg.target.strip():
            return
        src, tgt = placeholders(seg.source), placeholders(seg.target)
        if src != tgt:
            missing = sorted((src - tgt).elements())
            extra = sorted((tgt - src).elements())
            parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
                [f"extra {', '.join(extra)}"] if extra else [])
            yield self.finding("placeholder", unit, "placeholders differ: " + "; ".join(parts),
                               expected=", ".join(missing) or None,
                               found=", ".join(extra) or None)

"""placeholder and tag-mismatch: printf (%s, %d, %1$s), brace ({0}, {name}) placeholders and
TMX/XLIFF inline tags must be the same on both sides."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import ClassVar

from .base import Context, Finding, Unit, UnitCheck
from .numerals import may_have_placeholders

_PLACEHOLDER = re.compile(
    # printf without the space flag (so "80% of" is a percentage, not "% o"), and never
    # right after a digit; Python %(name)s; brace {0} {name}; JavaScript ${name}.
    r"(?<!\d)%(?:\d+\$)?[-+0#]*\d*(?:\.\d+)?[sdifFeEgGxXocu%]|\{[\w.]*\}|%\(\w+\)[sdifr]"
    r"|\$\{\w+\}")
_TAG = re.compile(r"<(bpt|ept|it|ph|ut|hi|sub|g|x|bx|ex|mrk)\b[^>]*?(?:\bi=\"(\d+)\"|\bx=\"(\d+)\"|"
                  r"\bid=\"([^\"]+)\")?[^>]*>")


_EMPTY: Counter = Counter()
_NAMED = re.compile(r"%\(|%\d+\$|\{\w|\$\{")  # %(name)s, %1$s, {0}, {name}, ${name}


def placeholders(text: str) -> Counter:
    """The placeholders of a text. Named and numbered ones may repeat or move in a
    translation (gettext checks only that the same names are used), so they count once;
    bare %s and %d are positional, so their number counts."""
    if not may_have_placeholders(text):
        return _EMPTY
    found = Counter(p for p in _PLACEHOLDER.findall(text) if p != "%%")
    for name in found:
        if _NAMED.match(name):
            found[name] = 1
    return found


def tags(markup: str | None) -> Counter:
    if not markup:
        return Counter()
    return Counter(m.group(1) for m in _TAG.finditer(markup))


class PlaceholderCheck(UnitCheck):
    codes = ("placeholder", "tag-mismatch")
    severity: ClassVar[dict[str, str]] = {"placeholder": "error", "tag-mismatch": "error"}
    description = "placeholders and inline tags kept"

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
        if seg.source_markup or seg.target_markup:
            src_tags, tgt_tags = tags(seg.source_markup), tags(seg.target_markup)
            if src_tags != tgt_tags:
                yield self.finding(
                    "tag-mismatch", unit,
                    f"inline tags differ: source {dict(src_tags)}, target {dict(tgt_tags)}",
                    expected=str(dict(src_tags)), found=str(dict(tgt_tags)))

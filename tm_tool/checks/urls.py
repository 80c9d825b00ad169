"""url-mismatch: URLs and e-mail addresses must reach the target unchanged.

An address in the source that is not in the target is an error; when the target has another
address instead, the finding names both ("ofice@example.com where the source has
office@example.com"). Addresses inside markup tags (``<a href="…">``) are the tag check's. An
address the target adds with none in the source is left alone (a localised link, a credit).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from .base import Context, Finding, Unit, UnitCheck
from .codes import without_tags

# URLs stop at spaces, quotes, angle brackets and anything not ASCII (Chinese text or
# full-width punctuation right after an address); trailing sentence punctuation is not part
# of the address. Addresses are ASCII here: a local part "至office" is Chinese text + office.
# (case-insensitive on the scheme only: under IGNORECASE the non-ASCII range would exclude
# k, s and i, whose case-folds K, ſ, İ are in it)
_URL = re.compile(r"(?i:https?://|ftp://|\bwww\.)[^\s<>\"'\x7f-\U0010ffff]+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.ASCII)
_WWW = re.compile(r"[wW][wW][wW]\.")  # "www." in text.lower(), without lower-casing it
_TRAILING = ".,;:!?)]}'\""
# The substring test before _WWW (False: the regex on every text; tests compare the two)
FAST = True


def _may_have_www(text: str) -> bool:
    """Whether "www." occurs in ``text`` in any case. Most texts have no "w." nor "W." (two
    substring searches in C), and then no "www." either: the regex, which tests each
    character in turn, runs only on the others (100,000 bench targets: 0.14-0.17 → 0.05 s)."""
    return (not FAST or "w." in text or "W." in text) and _WWW.search(text) is not None


def addresses(text: str) -> list[str]:
    """The URLs and e-mail addresses of a text, in order (markup tags left out)."""
    if "@" not in text and "://" not in text and not _may_have_www(text):
        return []
    text = without_tags(text)
    found = [m.group().rstrip(_TRAILING) for m in _URL.finditer(text)]
    rest = _URL.sub(" ", text)
    return found + [m.group() for m in _EMAIL.finditer(rest)]


_SCHEME = re.compile(r"^(?:https?|ftp)://", re.IGNORECASE)


def _same(a: str, b: str) -> bool:
    """The same address: case, a scheme written or left out, a final slash do not count."""
    def key(address: str) -> str:
        return _SCHEME.sub("", address).rstrip("/").lower()
    return key(a) == key(b)


def _may_find(unit: Unit) -> bool:
    source = unit.segment.source  # (as addresses(): the source has an address or nothing)
    return "@" in source or "://" in source or _may_have_www(source)


class UrlCheck(UnitCheck):
    codes = ("url-mismatch",)
    severity: ClassVar[dict[str, str]] = {"url-mismatch": "error"}
    description = "URLs and e-mail addresses unchanged"
    may_find = staticmethod(_may_find)

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        seg = unit.segment
        source = addresses(seg.source)
        if not source or not seg.target.strip():
            return
        target = addresses(seg.target)
        missing = [a for a in source if not any(_same(a, b) for b in target)]
        if not missing:
            return
        extra = [b for b in target if not any(_same(a, b) for a in source)]
        problems = []
        for address in missing:
            if extra:
                problems.append(f"target has {extra.pop(0)} where the source has {address}")
            else:
                problems.append(f"target lacks {address}")
        yield self.finding("url-mismatch", unit, "; ".join(problems),
                           expected=", ".join(missing))

"""untranslated: an empty target, or a target identical to its source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from .base import Context, Finding, Unit, UnitCheck

# Targets that may rightly equal their source: numbers, codes, URLs, single symbols.
_INVARIANT = re.compile(r"^[\W\d_]*$|^https?://\S+$|^[A-Z0-9][A-Z0-9_.+-]*$")


class UntranslatedCheck(UnitCheck):
    codes = ("untranslated",)
    severity: ClassVar[dict[str, str]] = {"untranslated": "error"}
    description = "every unit translated"

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        seg = unit.segment
        if not seg.target.strip():
            yield self.finding("untranslated", unit, "the target is empty")
        elif seg.target.strip() == seg.source.strip() and not _INVARIANT.match(
                seg.source.strip()):
            yield self.finding("untranslated", unit, "the target is the source, untranslated")

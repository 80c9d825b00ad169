"""whitespace: leading, trailing or doubled spaces in the target that the source lacks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from .base import Context, Finding, Unit, UnitCheck


class WhitespaceCheck(UnitCheck):
    codes = ("whitespace",)
    severity: ClassVar[dict[str, str]] = {"whitespace": "info"}
    description = "no stray spaces"

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        src, tgt = unit.segment.source, unit.segment.target
        if not tgt.strip():
            return
        problems = []
        if tgt[:1].isspace() and not src[:1].isspace():
            problems.append("leading space")
        if tgt[-1:].isspace() and not src[-1:].isspace():
            problems.append("trailing space")
        at = tgt.find("  ")
        if at >= 0 and "  " not in src:
            problems.append("double space")
        if problems:
            yield self.finding("whitespace", unit, ", ".join(problems) + " in the target",
                               span=(at, at + 2) if at >= 0 else None)

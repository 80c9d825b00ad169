"""whitespace: leading, trailing or doubled spaces in the target that the source lacks.
indentation: lines the source indents (a reST literal block after "::", code in a help text)
that the target no longer indents: the block stops being a block."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from .base import Context, Finding, Unit, UnitCheck


def lost_indentation(source: str, target: str) -> str | None:
    """The first source line that is indented (after the first line) and is in the target as
    a line of its own with no indentation: "  pydoc x" → "pydoc x". A line that the
    translation re-wrapped into a sentence is not in the target as a line, and is fine."""
    unindented = {line.rstrip() for line in target.split("\n") if line[:1].strip()}
    for line in source.split("\n")[1:]:
        if line[:1].isspace() and line.strip() and line.strip() in unindented:
            return line.rstrip()
    return None


def _may_find(unit: Unit) -> bool:
    tgt = unit.segment.target  # (a space first or last, a double space, a line break)
    return tgt[:1].isspace() or tgt[-1:].isspace() or "  " in tgt or "\n" in tgt


class WhitespaceCheck(UnitCheck):
    codes = ("whitespace", "indentation")
    severity: ClassVar[dict[str, str]] = {"whitespace": "info", "indentation": "warning"}
    description = "no stray spaces; indented lines stay indented"
    may_find = staticmethod(_may_find)

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
        if "\n" in src and "\n" in tgt:
            lost = lost_indentation(src, tgt)
            if lost:
                yield self.finding("indentation", unit,
                                   f"the target lost the indentation of {lost.strip()!r} (the "
                                   "source indents it: a literal block or code)", expected=lost)

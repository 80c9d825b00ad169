"""inconsistent-target and inconsistent-source: one sentence translated two ways, or two
sentences given one translation.

Sources are compared trimmed and with full-/half-width forms, quotes and spaces unified
(text.match_key); targets likewise and case-insensitively. Every unit of a group is reported,
naming the others.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import ClassVar

from ..text import match_key
from .base import Context, Finding, GroupCheck, Unit


class ConsistencyCheck(GroupCheck):
    codes = ("inconsistent-target", "inconsistent-source")
    severity: ClassVar[dict[str, str]] = {
        "inconsistent-target": "warning",
        "inconsistent-source": "warning",
    }
    description = "the same source always translated the same way, and vice versa"

    def check_all(self, units: Iterable[Unit], context: Context) -> Iterator[Finding]:
        by_source: dict[str, list[Unit]] = defaultdict(list)
        by_target: dict[str, list[Unit]] = defaultdict(list)
        for unit in units:
            seg = unit.segment
            if not seg.target.strip():
                continue
            by_source[match_key(seg.source)].append(unit)
            by_target[match_key(seg.target).casefold()].append(unit)
        yield from self._groups(by_source, "inconsistent-target", lambda u: u.segment.target,
                                "the same source is translated {n} ways")
        yield from self._groups(by_target, "inconsistent-source", lambda u: u.segment.source,
                                "the same translation is given to {n} different sources")

    def _groups(self, groups, code, varying, message) -> Iterator[Finding]:
        for members in groups.values():
            if len(members) < 2:
                continue
            variants = {match_key(varying(u)).casefold() for u in members}
            if len(variants) < 2:
                continue
            for unit in members:
                others = [u for u in members if u is not unit
                          and match_key(varying(u)).casefold()
                          != match_key(varying(unit)).casefold()]
                if not others:
                    continue
                names = ", ".join(_where(u) for u in others[:5])
                more = f" and {len(others) - 5} more" if len(others) > 5 else ""
                yield self.finding(code, unit,
                                   message.format(n=len(variants)) + f"; see {names}{more}",
                                   found=varying(unit),
                                   expected=" | ".join(varying(u) for u in others[:3]))


def _where(unit: Unit) -> str:
    return f"{unit.file}:{unit.name}" if unit.file else unit.name

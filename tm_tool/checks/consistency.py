"""inconsistent-target and inconsistent-source: one sentence translated two ways, or two
sentences given one translation.

Sources are compared trimmed and with full-/half-width forms, quotes and spaces unified
(text.match_key); targets likewise and case-insensitively. Every unit of a group is reported,
naming the others.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
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
        by_source: dict[object, list[tuple[Unit, object]]] = defaultdict(list)
        by_target: dict[object, list[Unit]] = defaultdict(list)
        for unit in units:
            seg = unit.segment
            if not seg.target.strip():
                continue
            # the store's key hashes when the unit comes with them, else the keys themselves
            source_key, target_key = unit.keys or (match_key(seg.source),
                                                   match_key(seg.target).casefold())
            by_source[source_key].append((unit, target_key))
            by_target[target_key].append(unit)
        yield from self._groups(by_source.values(), "inconsistent-target",
                                lambda u: u.segment.target,
                                "the same source is translated {n} ways")
        # sources compared case-insensitively: computed only where a target repeats
        target_groups = ([(u, match_key(u.segment.source).casefold()) for u in members]
                         for members in by_target.values() if len(members) > 1)
        yield from self._groups(target_groups, "inconsistent-source",
                                lambda u: u.segment.source,
                                "the same translation is given to {n} different sources")

    def _groups(self, groups: Iterable[list[tuple[Unit, object]]], code: str,
                varying: Callable[[Unit], str], message: str) -> Iterator[Finding]:
        """Report every unit of each group whose members do not all share one variant."""
        for members in groups:
            if len(members) < 2:
                continue
            sizes = Counter(variant for _, variant in members)
            if len(sizes) < 2:
                continue
            for unit, variant in members:
                others = []
                for other, other_variant in members:  # the first few that differ
                    if other_variant != variant:
                        others.append(other)
                        if len(others) == 5:
                            break
                count = len(members) - sizes[variant]
                names = ", ".join(_where(u) for u in others)
                more = f" and {count - 5} more" if count > 5 else ""
                yield self.finding(code, unit,
                                   message.format(n=len(sizes)) + f"; see {names}{more}",
                                   found=varying(unit),
                                   expected=" | ".join(varying(u) for u in others[:3]))


def _where(unit: Unit) -> str:
    return f"{unit.file}:{unit.name}" if unit.file else unit.name

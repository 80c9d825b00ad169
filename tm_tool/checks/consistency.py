"""inconsistent-target and inconsistent-source: one sentence translated two ways, or two
sentences given one translation.

Units are grouped on the key the store indexes (text.match_key of the source; of the target,
case-folded), so that a file and the TM are checked alike; within a group, texts count as
different only when a reviewer would call them different (see variants.py: case, trailing
punctuation, a comma, plurals, month and weekday abbreviations do not count). Each group is one
finding, which names every unit of it by file and line (or id). Empty and copied targets are
the untranslated check's business and take no part.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar

from ..text import match_key
from .base import REFERENCE, Context, Finding, GroupCheck, Unit
from .variants import english_words, is_generic_word, same_run, synonym_swap, variant_key

_SHOWN = 3  # places named per variant in the message (the finding's ``related`` has all)


class ConsistencyCheck(GroupCheck):
    codes = ("inconsistent-target", "inconsistent-source")
    severity: ClassVar[dict[str, str]] = {
        "inconsistent-target": "warning",
        "inconsistent-source": "warning",
    }
    description = "the same source always translated the same way, and vice versa"

    def check_all(self, units: Iterable[Unit], context: Context) -> Iterator[Finding]:
        by_source: dict[object, list[Unit]] = defaultdict(list)
        by_target: dict[object, list[Unit]] = defaultdict(list)
        for unit in units:
            keys = _keys(unit)
            if keys is not None:
                by_source[keys[0]].append(unit)
                by_target[keys[1]].append(unit)
        yield from self._side(by_source.values(), "source")
        yield from self._side(by_target.values(), "target")

    def check_side(self, units: Iterable[Unit], side: str, context: Context
                   ) -> Iterator[Finding]:
        """The findings of whole groups on one side (``side``: "source" groups by the source's
        key: inconsistent-target; "target" by the target's: inconsistent-source), for units
        that come grouped (a TM's groups, read chunk by chunk)."""
        groups: dict[object, list[Unit]] = defaultdict(list)
        at = 0 if side == "source" else 1
        for unit in units:
            keys = _keys(unit)
            if keys is not None:
                groups[keys[at]].append(unit)
        return self._side(groups.values(), side)

    def _side(self, groups: Iterable[list[Unit]], side: str) -> Iterator[Finding]:
        if side == "source":
            return self._groups(
                groups, "inconsistent-target",
                lambda u: (u.segment.target, u.target_lang), lambda variants: True,
                "the same source is translated {n} ways: {variants}")
        return self._groups(
            groups, "inconsistent-source",
            lambda u: (u.segment.source, u.source_lang), _different_sources,
            "the same translation is given to {n} different sources: {variants}")

    def _groups(self, groups: Iterable[list[Unit]], code: str,
                varying: Callable[[Unit], tuple[str, str]],
                different: Callable[[list[list[Unit]]], bool], message: str
                ) -> Iterator[Finding]:
        """One finding for each group whose members do not all share one variant (and whose
        variants are ``different`` enough to matter)."""
        for members in groups:
            if len(members) < 2:
                continue
            variants: dict[str, list[Unit]] = defaultdict(list)
            for unit in members:
                variants[variant_key(*varying(unit))].append(unit)
            if len(variants) < 2 or not different(list(variants.values())):
                continue
            first = next((u for u in members if u.file != REFERENCE), members[0])
            listed = []
            for same in variants.values():
                places = ", ".join(u.place for u in same[:_SHOWN])
                more = f" and {len(same) - _SHOWN} more" if len(same) > _SHOWN else ""
                listed.append(f"\"{varying(same[0])[0]}\" ({places}{more})")
            texts = [varying(same[0])[0] for same in variants.values()]
            yield self.finding(code, first,
                               message.format(n=len(variants), variants="; ".join(listed)),
                               found=varying(first)[0],
                               expected=" | ".join(t for t in texts
                                                   if t != varying(first)[0]),
                               related=[u.place for u in members])


def _keys(unit: Unit) -> tuple[object, object] | None:
    """The (source, target) keys the unit is grouped under: the store's key hashes when the
    unit comes with them, else the keys themselves; None for an empty or copied target (the
    untranslated check's business)."""
    seg = unit.segment
    target = seg.target.strip()
    if not target or target == seg.source.strip():
        return None
    return unit.keys or (match_key(seg.source), match_key(seg.target).casefold())


def _different_sources(variants: list[list[Unit]]) -> bool:
    """Whether sources sharing one translation differ in a way the translation should show:
    not when it is a generic Chinese word, nor when English sentences only swap a synonym or
    space a word otherwise."""
    sample = variants[0][0]
    if sample.target_lang == "zh" and is_generic_word(sample.segment.target):
        return False
    if sample.source_lang != "en":
        return True
    sources = [same[0].segment.source for same in variants]
    return any(not (synonym_swap(english_words(a), english_words(b)) or same_run(a, b))
               for i, a in enumerate(sources) for b in sources[i + 1:])

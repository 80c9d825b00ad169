"""What every check is: a code, a severity, and findings about units.

One module per check family (terms.py, numbers.py, consistency.py, …), each a small class behind
:class:`Check`, registered in ``checks/__init__.py``. Unit checks look at one segment at a time;
group checks (consistency) see all units at once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar

from .. import langtags
from ..model import Segment
from ..termmatch import Termbase, TermHit, Verdict, english_view

SEVERITIES = ("error", "warning", "info")
REFERENCE = "TM"  # the file name reference units (--with-tm) carry in findings


@dataclass
class Finding:
    """One problem in one unit."""

    check: str
    severity: str
    unit: str  # TMX tuid, PO msgctxt/msgid or line, TSV id or line, DB segment id
    source: str
    target: str
    message: str
    term: str | None = None  # the glossary term concerned (source side)
    expected: str | None = None  # what the target should contain
    found: str | None = None  # what the target contains instead
    file: str | None = None
    line: int | None = None
    span: tuple[int, int] | None = None  # where in the target (for highlighting)
    suppressed: str | None = None  # the reason, when a reviewer accepted the finding
    # A finding about several units (a consistency group): every one of them, as a reviewer
    # finds it ("FILE:LINE", or the id where there is no line); ``unit`` is the first.
    related: list[str] | None = None

    def as_dict(self) -> dict:
        data = dict(self.__dict__)
        data["span"] = list(self.span) if self.span else None
        data["related"] = list(self.related) if self.related else None
        return data


@dataclass
class Unit:
    """A segment being checked, with what the checks need to know about it."""

    segment: Segment
    file: str | None = None
    # (source key, target key) under which the consistency checks group the unit, when known
    # in advance (the store's key hashes); else computed from the texts
    keys: tuple[object, object] | None = None

    @property
    def name(self) -> str:
        seg = self.segment
        if self.file is None and seg.id is not None:
            return str(seg.id)  # a DB segment: its id
        return seg.place()

    @property
    def place(self) -> str:
        """Where a reviewer finds the unit (see :func:`unit_place`)."""
        return unit_place(self.file, self.segment.line, self.name)

    # asked by every check of every unit: set once (a cached_property takes a lock per
    # access in Python 3.11)
    source_lang: str = field(init=False, repr=False, compare=False)
    target_lang: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.source_lang = langtags.primary(self.segment.source_lang)
        self.target_lang = langtags.primary(self.segment.target_lang)


def unit_place(file: str | None, line: int | None, unit: str) -> str:
    """How a report points at a unit so that a reviewer can find it: FILE:LINE where the file
    has lines (a PO msgctxt may be shared by many units), else FILE:ID, else the DB id."""
    if file is None:
        return unit
    return f"{file}:{line}" if line is not None else f"{file}:{unit}"


Verdicts = Sequence[tuple[TermHit, Verdict]]
_NO_TERMS: Verdicts = ()


@lru_cache(maxsize=256)
@dataclass
class Context:
    """What checks share: the glossary and memoised per-unit facts."""

    termbase: Termbase
    # id(unit) -> the glossary terms of its source and how its target renders them (zh → en
    # units): found by the term check, asked again by the number check
    notes: dict[int, Verdicts] = field(default_factory=dict)

    def term_verdicts(self, unit: Unit) -> Verdicts:
        """Glossary terms in a zh → en unit's source and how its target renders them."""
        found = self.notes.get(id(unit))
        if found is None:
            found = self.notes[id(unit)] = self._judged(
                unit.segment, self.termbase.scan(unit.segment.source))
        return found

    def _judged(self, seg: Segment, hits: list[TermHit]) -> Verdicts:
        if not hits:
            return _NO_TERMS  # (most units: no view of the target, no list)
        view = english_view(seg.target)  # once per unit, not per hit
        judge, target = self.termbase.judge, seg.target
        by_concept: dict[int, Verdict] = {}  # a term twice in a source: one verdict
        out = []
        for hit in hits:
            verdict = by_concept.get(id(hit.concept))
            if verdict is None:
                verdict = by_concept[id(hit.concept)] = judge(hit.concept, target, view)
            out.append((hit, verdict))
        return out

    def prescan(self, units: Sequence[Unit]) -> list[Verdicts]:
        """:meth:`term_verdicts` of each of the zh → en ``units``, their sources' glossary
        terms found in one scan."""
        todo = [u for u in units if id(u) not in self.notes]
        notes = self.notes
        for unit, hits in zip(todo, self.termbase.scan_many([u.segment.source for u in todo]),
                              strict=True):
            notes[id(unit)] = self._judged(unit.segment, hits)
        return [notes[id(u)] for u in units]

    def exempt_spans(self, unit: Unit) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Source and target spans of glossary terms rendered correctly (their numbers are
        the term check's business, not the number check's)."""
        if unit.source_lang != self.termbase.src or unit.target_lang != self.termbase.tgt:
            return [], []
        src, tgt = [], []
        for hit, verdict in self.term_verdicts(unit):
            rendered = verdict.accepted + verdict.wrong_case  # case is term-case's business
            if rendered:
                src.append((hit.start, hit.end))
                tgt += [(h.start, h.end) for h in rendered]
        return src, tgt


class Check(ABC):
    """A family of checks. ``codes`` are the stable codes it can report."""

    codes: ClassVar[tuple[str, ...]]
    severity: ClassVar[dict[str, str]]  # code -> default severity
    description: ClassVar[str] = ""

    def finding(self, code: str, unit: Unit, message: str, **extra) -> Finding:
        seg = unit.segment
        return Finding(check=code, severity=self.severity[code], unit=unit.name,
                       source=seg.source, target=seg.target, message=message, file=unit.file,
                       line=seg.line, **extra)


class UnitCheck(Check):
    # A test of what the check's first lines test, true for every unit it can find something
    # in: the units it is false for are not checked at all (most units, for most checks).
    may_find: ClassVar[Callable[[Unit], object] | None] = None

    @abstractmethod
    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        """Findings about one unit."""

    def check_batch(self, units: Sequence[Unit], context: Context, skip: Container[int]
                    ) -> Iterator[Finding]:
        """Findings about each of ``units`` but those at the indexes ``skip``, unit by unit
        (each unit's findings as :meth:`check` gives them). A check whose findings need a
        rare feature of the text finds the candidate units of a batch in one scan first
        (:func:`candidates`)."""
        may_find = self.may_find
        for i, unit in enumerate(units):
            if i not in skip and (may_find is None or may_find(unit)):
                yield from self.check(unit, context)


class GroupCheck(Check):
    @abstractmethod
    def check_all(self, units: Iterable[Unit], context: Context) -> Iterator[Finding]:
        """Findings that need all units (consistency)."""

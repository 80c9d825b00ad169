"""Pre-translation: fill a file's empty targets from the memory, keeping the rest of the file
byte for byte (the patch-writers in formats/patch_*.py write only the targets they fill).

For each unit with an empty target (any target with ``overwrite``) every slot (a PO plural
entry has one per form) is looked up with :meth:`tm_tool.lookup.Lookup.matches`. A 100 match
fills it as final; a fuzzy match at or above ``min_score`` is first offered to the repairer
(numbers and glossary terms, workflow/repair.py): repaired, it is shown as 100 but is still
marked for review, as any fuzzy fill is (PO ``fuzzy``, XLIFF ``needs-review-translation``,
TMX ``x-tm-match``, TSV ``status``). A unit is filled only when all its slots are.

Library API::

    report = pretranslate("new.po", "out.po", store, PretranslateOptions(min_score=75))
    report.filled_exact, report.filled_fuzzy, report.filled_repaired, report.records
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import UsageError
from ..fileio import atomic_write, read_bytes
from ..formats.patch_base import Edit, Fill, Unit, splice
from ..formats.patch_po import PoPatch
from ..formats.patch_tmx import TmxPatch
from ..formats.patch_tsv import TsvPatch
from ..formats.patch_xliff import XliffPatch
from .fill import FillSettings, fill_all

if TYPE_CHECKING:
    from ..store import Store

FORMATS = {".po": "po", ".pot": "po", ".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx",
           ".tsv": "tsv", ".tab": "tsv"}


class Patch(Protocol):
    units: list[Unit]
    source_lang: str | None
    target_lang: str | None

    def edits(self, index: int, fills: list[Fill | None]) -> list[Edit]: ...


@dataclass
class PretranslateOptions:
    min_score: int = 75
    overwrite: bool = False
    fmt: str | None = None  # po, xliff, tmx, tsv; None: from the extension
    source_lang: str | None = None
    target_lang: str | None = None
    progress: Callable[[int], None] | None = None  # called with the units done so far


@dataclass
class UnitRecord:
    unit: str
    line: int
    result: str  # exact | fuzzy | repaired | skipped
    score: int | None = None
    match_score: int | None = None
    origin: str | None = None
    reason: str | None = None  # why skipped
    targets: list[str] = field(default_factory=list)
    changes: list[list[str]] = field(default_factory=list)


@dataclass
class PretranslateReport:
    file: str
    output: str
    format: str
    units: int = 0
    filled_exact: int = 0
    filled_fuzzy: int = 0
    filled_repaired: int = 0
    skipped: int = 0  # units already translated, with inline codes, or with no match
    records: list[UnitRecord] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return self.filled_exact + self.filled_fuzzy + self.filled_repaired

    def as_dict(self, *, units: bool = True) -> dict:
        data = {k: v for k, v in asdict(self).items() if k != "records"}
        data["filled"] = self.filled
        if units:
            data["records"] = [asdict(r) for r in self.records]
        return data


def format_of(path: str | Path, forced: str | None) -> str:
    fmt = forced or FORMATS.get(Path(str(path)).suffix.lower())
    if fmt not in ("po", "xliff", "tmx", "tsv"):
        raise UsageError(f"{path}: cannot tell the format; use --format po|xliff|tmx|tsv")
    return fmt


def open_patch(path: str | Path, fmt: str, options: PretranslateOptions) -> Patch:
    data = read_bytes(path)
    if fmt == "po":
        return PoPatch(data, path)
    if fmt == "xliff":
        return XliffPatch(data, path)
    if fmt == "tmx":
        return TmxPatch(data, path, options.target_lang)
    return TsvPatch(data, path, options.source_lang, options.target_lang)


def _kind(fills: list[Fill]) -> str:
    kinds = {f.kind for f in fills}
    return "fuzzy" if "fuzzy" in kinds else "repaired" if "repaired" in kinds else "exact"


def _keep_edges(source: str, text: str) -> str:
    """A target begins and ends with a line break when its source does (msgfmt --check's
    rule, and what a translator expects of any format)."""
    core = text.strip("\n")
    head = "\n" if source.startswith("\n") else ""
    tail = "\n" if source.endswith("\n") and source.strip("\n") else ""
    return head + core + tail


def _unit_fills(unit: Unit, found: dict[str, Fill | None], report: PretranslateReport,
                review_ok: bool) -> list[Fill] | None:
    """The fills of every slot of ``unit``, or None (and a skipped record) when any lacks."""
    fills = []
    for slot in unit.slots:
        fill = copy(found.get(slot.source))
        if fill is None or (not fill.final and not review_ok):
            reason = "no match" if fill is None else "fuzzy match; the table has no status column"
            report.records.append(UnitRecord(unit.key, unit.line, "skipped", reason=reason))
            return None
        fill.text = _keep_edges(slot.source, fill.text)
        fills.append(fill)
    return fills


def _record(unit: Unit, fills: list[Fill], report: PretranslateReport) -> None:
    kind = _kind(fills)
    counter = f"filled_{kind}"
    setattr(report, counter, getattr(report, counter) + 1)
    worst = min(fills, key=lambda f: f.match_score)
    report.records.append(UnitRecord(
        unit.key, unit.line, kind, score=min(f.score for f in fills),
        match_score=worst.match_score, origin=worst.origin, targets=[f.text for f in fills],
        changes=[[a, b] for f in fills for a, b in f.changes]))


def pretranslate(path: str | Path, out: str | Path, store: Store,
                 options: PretranslateOptions | None = None) -> PretranslateReport:
    """Fill ``path``'s targets from ``store``; write the result to ``out``."""
    options = options or PretranslateOptions()
    fmt = format_of(path, options.fmt)
    patch = open_patch(path, fmt, options)
    report = PretranslateReport(str(path), str(out), fmt, units=len(patch.units))
    todo = [options.overwrite or unit.empty for unit in patch.units]
    settings = FillSettings(options.min_score, options.source_lang or patch.source_lang,
                            options.target_lang or patch.target_lang)
    found = fill_all(store, settings, [slot.source for unit, wanted in zip(
        patch.units, todo, strict=True) if wanted and not unit.skip for slot in unit.slots],
        options.progress)
    edits: list[Edit] = []
    review_ok = getattr(patch, "can_review", True)
    for index, unit in enumerate(patch.units):
        if unit.skip or not todo[index]:
            report.records.append(UnitRecord(unit.key, unit.line, "skipped",
                                             reason=unit.skip or "translated"))
            continue
        fills = _unit_fills(unit, found, report, review_ok)
        if fills is None:
            continue
        if isinstance(patch, TmxPatch) and patch.target_lang is None:
            patch.target_lang = fills[0].lang  # (a TMX with no target language yet)
        edits += patch.edits(index, list(fills))
        _record(unit, fills, report)
    report.skipped = report.units - report.filled
    with atomic_write(out, "wb") as handle:
        handle.write(patch.decoded.encode(splice(patch.decoded.text, edits)))  # type: ignore[attr-defined]
    return report

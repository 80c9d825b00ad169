"""Segment tables: TSV (tab-separated, never quoted) and CSV (RFC 4180).

A header row names the columns. The text columns are found by language (``zh``, ``en``,
``zh-CN`` …, matched on the language subtag of --src/--tgt) or named ``source`` and ``target``.
Optional columns: ``id`` (the unit id), ``note``, ``status``, ``origin``, ``creator``,
``created``/``changed`` (ISO 8601). Any other column is kept as a property.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from .. import langtags
from ..errors import InputError, UsageError
from ..fileio import atomic_write, read_head
from ..model import SEGMENT_STATUSES, Segment
from .base import ReadOptions, SegmentFormat, WriteOptions
from .tabular import csv_line, language_column, language_columns, read_rows, tsv_line

# Statuses other tools' review files use, read as ours: tm align marks beads to check
# "needs-review"; one left so after review is imported as a draft, not as a translation.
STATUS_ALIASES = {"needs-review": "draft"}
_KNOWN = {"id", "note", "status", "origin", "creator", "created", "changed", "source_lang",
          "target_lang"}


def _pick_column(header: list[str], lang: str | None, role: str, path: str | Path) -> int:
    """The column of the source (or target) text: the one in the wanted language, else the
    one named ``source``/``target``, else (no language wanted) the first/second language
    column. A wanted language that no column has is an error, never a relabelled column."""
    lowered = [h.strip().lower() for h in header]
    if lang:
        found = language_column(header, lang, skip=_KNOWN)
        if found is not None:
            return found
    if role in lowered:
        return lowered.index(role)
    if lang:
        raise InputError(f"no '{lang}' column (columns: {', '.join(header)})", path=path,
                         line=1)
    langs = language_columns(header, skip=_KNOWN | {"source", "target"})
    if len(langs) >= 2:
        return langs[0] if role == "source" else langs[1]
    raise InputError(f"the header has no '{role}' column and not two language columns "
                     f"(columns: {', '.join(header)})", path=path, line=1)


def _refuse_markup(first_line: str, path: str | Path) -> None:
    """A TMX, XLIFF or TBX file saved under a table's name: say what it looks like."""
    if not first_line.lstrip("\ufeff \t").startswith("<"):
        return
    head = read_head(path, 4096).replace(b"\x00", b"").decode("latin-1").lower()
    for marker, advice in (("<tmx", "TMX; use --format tmx"),
                           ("<xliff", "XLIFF; use --format xliff"),
                           ("<martif", "a TBX glossary; use tm glossary import"),
                           ("<tbx", "a TBX glossary; use tm glossary import")):
        if marker in head:
            raise InputError(f"looks like XML/{advice}", path=path, line=1)
    raise InputError("looks like XML, not a table with a header row; use --format", path=path,
                     line=1)


class TsvFormat(SegmentFormat):
    name = "tsv"
    extensions = (".tsv", ".tab")
    description = "tab-separated segments with a header row (id, zh, en, …)"
    delimiter = "\t"

    def read(self, path: str | Path, options: ReadOptions) -> Iterator[Segment]:
        rows = read_rows(path, delimiter=self.delimiter, encoding=options.encoding)
        first = next(rows, None)
        if first is None:  # as the TMX, PO and XLIFF readers say of theirs
            raise InputError("empty file: no header row and no segments", path=path)
        _, header = first
        _refuse_markup(self.delimiter.join(header), path)
        header = [h.strip() for h in header]
        src_i = _pick_column(header, options.src, "source", path)
        tgt_i = _pick_column(header, options.tgt, "target", path)
        if src_i == tgt_i:
            raise InputError("source and target are the same column", path=path, line=1)
        src_lang = options.src or (header[src_i] if langtags.is_valid(header[src_i]) else None)
        tgt_lang = options.tgt or (header[tgt_i] if langtags.is_valid(header[tgt_i]) else None)
        lowered = [h.lower() for h in header]
        col = {name: lowered.index(name) for name in _KNOWN if name in lowered}
        if not (src_lang or "source_lang" in col) or not (tgt_lang or "target_lang" in col):
            raise UsageError(f"{path}: say the languages of the 'source' and 'target' columns "
                             "with --src and --tgt")
        extra = [i for i, h in enumerate(lowered) if i not in (src_i, tgt_i)
                 and h not in _KNOWN]
        position = 0
        for position, (line, fields) in enumerate(rows, start=1):
            if len(fields) != len(header):
                raise InputError(
                    f"row has {len(fields)} fields, the header has {len(header)}"
                    + (" (a tab inside a field?)" if len(fields) > len(header) else ""),
                    path=path, line=line,
                )

            def get(name: str, fields: list[str] = fields) -> str | None:
                return fields[col[name]].strip() or None if name in col else None

            status = get("status") or "translated"
            status = STATUS_ALIASES.get(status, status)
            if status not in SEGMENT_STATUSES:
                raise InputError(f"unknown status {status!r} (known: "
                                 f"{', '.join(SEGMENT_STATUSES)})", path=path, line=line)
            yield Segment(
                source=fields[src_i],  # as written: a leading or trailing space is data
                target=fields[tgt_i],
                source_lang=get("source_lang") or src_lang or "",
                target_lang=get("target_lang") or tgt_lang or "",
                origin=get("origin"),
                position=position,
                unit_id=get("id"),
                created_at=get("created"),
                changed_at=get("changed"),
                creator=get("creator"),
                status=status,
                note=get("note"),
                props=[(header[i], fields[i]) for i in extra if fields[i].strip()],
                line=line,
            )
        if position == 0:
            raise InputError("no segments below the header row", path=path, line=1)

    def write(self, segments: Iterable[Segment], path: str | Path, options: WriteOptions) -> int:
        if str(path) != "-":
            with atomic_write(path, "w") as out:
                return self._rows(segments, out)
        # stdout cannot be taken back: rows wait in a spool until every one could be written
        # (a tab in unit 2 must not leave a header and one row on the screen)
        with tempfile.SpooledTemporaryFile(mode="w+", max_size=1 << 23, encoding="utf-8",
                                           newline="") as spool:
            count = self._rows(segments, spool)
            spool.seek(0)
            with atomic_write(path, "w") as out:
                shutil.copyfileobj(spool, out)
        return count

    def _rows(self, segments: Iterable[Segment], out: IO[str]) -> int:
        count = 0
        out.write(self._line(["id", "source", "target", "source_lang", "target_lang",
                              "origin", "status", "note"], None))
        for seg in segments:
            row = [seg.unit_id or (str(seg.id) if seg.id is not None else ""), seg.source,
                   seg.target, seg.source_lang, seg.target_lang, seg.origin or "",
                   seg.status, seg.note or ""]
            out.write(self._line(row, seg))
            count += 1
        return count

    def _line(self, row: list[str], seg: Segment | None) -> str:
        return tsv_line(row, seg.place() if seg else None)


class CsvFormat(TsvFormat):
    name = "csv"
    extensions = (".csv",)
    description = "comma-separated segments (RFC 4180) with a header row"
    delimiter = ","

    def _line(self, row: list[str], seg: Segment | None) -> str:
        return csv_line(row)

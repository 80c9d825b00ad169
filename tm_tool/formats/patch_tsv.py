"""Pre-translation patches for TSV tables: fill the target column's empty cells.

The header names the columns as tsv.py reads them (a language column or ``source`` /
``target``). Only target cells are rewritten; other cells, their order, the line endings
and any trailing columns stay. TSV has no place for a review mark unless the table has one:
with a ``status`` column a fuzzy or repaired fill writes ``fuzzy`` there (an exact one
``translated``) and with a ``note`` column the score and repair go there too; a table with no
``status`` column gets exact matches only (a fuzzy match written there would pass as final).
"""

from __future__ import annotations

from pathlib import Path

from .. import langtags
from ..errors import InputError
from .patch_base import Decoded, Edit, Fill, Slot, Unit, decode_file


class TsvPatch:
    def __init__(self, data: bytes, path: str | Path, source_lang: str | None = None,
                 target_lang: str | None = None) -> None:
        self.decoded: Decoded = decode_file(data, path)
        text = self.decoded.text
        lines = text.split("\n")
        header = [h.strip() for h in lines[0].rstrip("\r").split("\t")]
        self.columns = {h.lower(): i for i, h in enumerate(header)}
        self.source_col = self._column(header, source_lang, "source", 0, path)
        self.target_col = self._column(header, target_lang, "target", 1, path)
        self.source_lang = self._lang(header[self.source_col], source_lang)
        self.target_lang = self._lang(header[self.target_col], target_lang)
        self.status_col = self.columns.get("status")
        self.note_col = self.columns.get("note")
        self.can_review = self.status_col is not None
        self.rows: list[tuple[int, list[str], str]] = []  # (offset, cells, line ending)
        self.units: list[Unit] = []
        offset = len(lines[0]) + 1
        for number, line in enumerate(lines[1:], 2):
            body = line.rstrip("\r")
            if body.strip():
                self._row(number, offset, body, line[len(body):])
            offset += len(line) + 1

    @staticmethod
    def _lang(name: str, given: str | None) -> str | None:
        return given or (name if name.lower() not in ("source", "target") else None)

    def _column(self, header: list[str], lang: str | None, role: str, default: int,
                path: str | Path) -> int:
        for i, name in enumerate(header):
            if lang and langtags.primary(name) == langtags.primary(lang):
                return i
        if role in self.columns:
            return self.columns[role]
        langs = [i for i, name in enumerate(header) if name.lower() in ("zh", "en")
                 or "-" in name or "_" in name]
        if len(langs) >= 2:
            return langs[default]
        raise InputError(f"the header has no '{role}' column", path=path, line=1)

    def _row(self, number: int, offset: int, body: str, ending: str) -> None:
        cells = body.split("\t")
        self.rows.append((offset, cells, ending))
        get = lambda i: cells[i] if i < len(cells) else ""  # noqa: E731
        self.units.append(Unit(key=f"line {number}", line=number,
                               slots=[Slot(get(self.source_col), get(self.target_col))]))

    def edits(self, index: int, fills: list[Fill | None]) -> list[Edit]:
        fill = fills[0]
        if fill is None or "\t" in fill.text or "\n" in fill.text or "\r" in fill.text:
            return []
        offset, cells, _ = self.rows[index]
        cells = list(cells)
        wanted = {self.target_col: fill.text}
        if self.status_col is not None:
            wanted[self.status_col] = "translated" if fill.final else "fuzzy"
        if self.note_col is not None and not fill.final:
            wanted[self.note_col] = fill.comment()
        cells += [""] * (max(wanted) + 1 - len(cells))
        for column, value in wanted.items():
            cells[column] = value
        old = "\t".join(self.rows[index][1])
        return [(offset, offset + len(old), "\t".join(cells))]

"""Tabular glossaries: TSV (never quoted) and CSV (RFC 4180).

The form tm_tool reads and writes, and in which the controlled glossary in ``glossary/`` is kept:
a header row, then one row per zh–en pair::

    concept  zh  en  status  case_sensitive  pos  note

``zh`` (or ``source``, or any zh-* tag) and ``en`` (or ``target``, or any en-* tag) are required;
``status`` is the status of the English rendering (preferred / admitted / deprecated, default
preferred); rows without a ``concept`` id are grouped by the file's own row id (``id`` or
``stringID``, as in TICO-19's CSVs), else by their zh term. The first zh form of a concept is its
preferred zh term, any other is admitted.

TICO-19's terminologies write alternatives in one field, separated by " : ", with usage notes in
square brackets (``新型冠状病毒 (COVID-19) [when referring COVID-19] : 冠状病毒``): each
alternative is a term of its own (the first as the row says, the others admitted), and the
bracketed notes go into the term's note.

Without a header (OmegaT's glossary layout: ``source<TAB>target<TAB>comment``, ``#`` comments)
the columns are taken in that order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import langtags
from ..errors import InputError
from ..fileio import atomic_write
from ..glossary import term_status
from ..model import TERM_STATUSES, Concept, Term
from ..text import is_han
from .base import GlossaryFormat, ReadOptions, WriteOptions
from .tabular import csv_line, is_language_name, language_column, read_rows, tsv_line

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_SOURCE_NAMES = ("source", "sourcestring", "term", "source term")
_TARGET_NAMES = ("target", "targetstring", "translation", "target term")


_ALTERNATIVES = " : "
_USAGE_NOTE = re.compile(r"\s*\[([^\]]*)\]\s*")


def alternatives(field: str) -> list[tuple[str, str | None]]:
    """'a [note] : b' -> [('a', 'note'), ('b', None)]: the terms one field lists."""
    found = []
    for part in field.split(_ALTERNATIVES):
        notes = [n.strip() for n in _USAGE_NOTE.findall(part) if n.strip()]
        text = _USAGE_NOTE.sub(" ", part).strip()
        if text:
            found.append((" ".join(text.split()), "; ".join(notes) or None))
    return found


def slug(text: str) -> str:
    """A concept id from a term when the file gives none."""
    ascii_part = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return ascii_part or text


def parse_status(value: str | None, where: dict) -> str:
    if not value:
        return "preferred"
    status = term_status(value)
    if status is None:
        raise InputError(f"unknown status {value!r} (use {', '.join(TERM_STATUSES)})", **where)
    return status


def parse_case(value: str | None, where: dict) -> bool | None:
    if not value or not value.strip():
        return None
    lowered = value.strip().lower()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    raise InputError(f"case_sensitive must be yes or no, not {value!r}", **where)


_OTHER_COLUMNS = {*_SOURCE_NAMES, *_TARGET_NAMES, "concept", "status", "note", "pos",
                  "case_sensitive", "definition", "comment", "description", "sourcelang",
                  "targetlang", "id", "stringid"}


def _header_name(name: str) -> bool:
    """Whether a first-row field reads like a column name rather than a term."""
    return name.strip().lower() in _OTHER_COLUMNS or is_language_name(name)


def _find(header: list[str], names: tuple[str, ...], lang: str) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for i, name in enumerate(lowered):
        if name in names:
            return i
    return language_column(header, lang,
                           skip=("status", "note", "concept", "pos", "case_sensitive"))


class TsvGlossaryFormat(GlossaryFormat):
    name = "tsv"
    extensions = (".tsv", ".tab", ".utf8", ".txt")
    description = "tab-separated glossary (concept, zh, en, status, case_sensitive, pos, note)"
    delimiter = "\t"

    def read(self, path: str | Path, options: ReadOptions) -> Iterator[Concept]:
        src = langtags.primary(options.src) if options.src else "zh"
        tgt = langtags.primary(options.tgt) if options.tgt else "en"
        rows = ((n, f) for n, f in read_rows(path, delimiter=self.delimiter,
                                             encoding=options.encoding)
                if not f[0].lstrip().startswith("#"))
        first = next(rows, None)
        if first is None:
            return
        layout, rows = _Layout.of(first, rows, path, options, src, tgt)
        concepts: dict[str, Concept] = {}
        for line, fields in rows:
            layout.add_row(concepts, line, fields, options)
        yield from concepts.values()

    def write(self, concepts: Iterable[Concept], path: str | Path, options: WriteOptions) -> int:
        count = 0
        src, tgt = options.src_lang, options.tgt_lang
        with atomic_write(path, "w") as out:
            out.write(self._line(["concept", "zh", "en", "status", "case_sensitive", "pos",
                                  "note"]))
            for concept in concepts:
                zh_terms = concept.terms_in(src, ("preferred", "admitted"))
                if not zh_terms:
                    continue
                for zh in zh_terms:
                    for en in concept.terms_in(tgt):
                        case = "" if en.case_sensitive is None else (
                            "yes" if en.case_sensitive else "no")
                        note = en.note or (concept.note if en.status == "preferred" else None)
                        out.write(self._line([concept.key, zh.text, en.text, en.status, case,
                                              en.pos or "", note or ""]))
                count += 1
        return count

    def _line(self, fields: list[str]) -> str:
        return tsv_line(fields)


class CsvGlossaryFormat(TsvGlossaryFormat):
    name = "csv"
    extensions = (".csv",)
    description = "comma-separated glossary (RFC 4180), same columns as TSV"
    delimiter = ","

    def _line(self, fields: list[str]) -> str:
        return csv_line(fields)


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


_COLUMNS = ("concept", "status", "case_sensitive", "pos", "note", "definition", "comment",
            "description", "sourcelang", "targetlang", "id", "stringid")


@dataclass
class _Layout:
    """Where a glossary table keeps what: the term columns, their languages, the others."""

    path: str | Path
    src: str  # language subtags (zh, en)
    tgt: str
    src_i: int
    tgt_i: int
    src_lang: str  # the tags terms get (the header's zh-CN, else --src, else zh)
    tgt_lang: str
    col: dict[str, int]  # the other columns by name
    row_ids: str  # prefix of concept keys made from the file's row ids

    @classmethod
    def of(cls, first: tuple[int, list[str]], rows: Iterator[tuple[int, list[str]]],
           path: str | Path, options: ReadOptions, src: str, tgt: str
           ) -> tuple[_Layout, Iterator[tuple[int, list[str]]]]:
        """The layout a first row gives, and the rows to read (the first one again when
        the file has no header)."""
        line, header = first
        src_i = _find(header, _SOURCE_NAMES, src)
        tgt_i = _find(header, _TARGET_NAMES, tgt)
        if src_i is None or tgt_i is None:
            _refuse_headerless(header, line, path, options, src, tgt)
            rows = _chain([(line, header)], rows)
            header, src_i, tgt_i = ["source", "target", "note"], 0, 1
        lowered = [h.strip().lower() for h in header]
        return cls(path=path, src=src, tgt=tgt, src_i=src_i, tgt_i=tgt_i,
                   src_lang=options.src or _tag_of(header[src_i], src),
                   tgt_lang=options.tgt or _tag_of(header[tgt_i], tgt),
                   col={name: lowered.index(name) for name in _COLUMNS if name in lowered},
                   row_ids=slug(Path(path).stem)), rows  # (row ids are the file's own)

    def get(self, fields: list[str], name: str) -> str | None:
        i = self.col.get(name)
        return fields[i].strip() or None if i is not None and i < len(fields) else None

    def add_row(self, concepts: dict[str, Concept], line: int, fields: list[str],
                options: ReadOptions) -> None:
        where = {"path": self.path, "line": line}
        if len(fields) < max(self.src_i, self.tgt_i) + 1:
            raise InputError(f"row has {len(fields)} fields; the {self.src} and {self.tgt} "
                             "columns are missing", **where)
        zh, en = fields[self.src_i].strip(), fields[self.tgt_i].strip()
        row_src = self.get(fields, "sourcelang")
        if row_src and langtags.is_valid(row_src) and langtags.primary(row_src) == self.tgt:
            zh, en = en, zh  # TICO-19 style: generic columns, en → zh rows
        if not zh:  # multilingual glossaries leave languages out of some entries
            options.warn(f"line {line}: no {self.src} term; skipped")
            return
        row_id = self.get(fields, "id") or self.get(fields, "stringid")
        key = self.get(fields, "concept") or (f"{self.row_ids}-{slug(row_id)}" if row_id
                                              else slug(zh))
        concept = concepts.get(key)
        if concept is None:
            concept = concepts[key] = Concept(key=key, line=line,
                                              definition=self.get(fields, "definition"))
        for text, usage in alternatives(zh):
            if not any(t.text == text for t in concept.terms_in(self.src)):
                status = "preferred" if not concept.terms_in(self.src) else "admitted"
                concept.terms.append(Term(text=text, lang=self.src_lang, status=status,
                                          note=usage))
        self._add_renderings(concept, en, fields, where)

    def _add_renderings(self, concept: Concept, en: str, fields: list[str],
                        where: dict) -> None:
        status = parse_status(self.get(fields, "status"), where)
        note = (self.get(fields, "note") or self.get(fields, "comment")
                or self.get(fields, "description"))
        for n, (text, usage) in enumerate(alternatives(en)):
            alt_status = "admitted" if n and status == "preferred" else status
            # A concept with several zh forms repeats its English rows once per zh form.
            if any(t.text == text and t.status == alt_status
                   for t in concept.terms_in(self.tgt)):
                continue
            concept.terms.append(Term(
                text=text, lang=self.tgt_lang, status=alt_status,
                case_sensitive=parse_case(self.get(fields, "case_sensitive"), where),
                pos=self.get(fields, "pos"),
                note="; ".join(x for x in (usage, note) if x) or None,
            ))
            if alt_status == "preferred" and concept.note is None:
                concept.note = note


def _tag_of(column: str, lang: str) -> str:
    """The tag a term column's name gives its terms (zh-CN), else the bare language."""
    name = column.strip()
    return column if langtags.is_valid(name) and langtags.primary(name) == lang else lang


def _refuse_headerless(header: list[str], line: int, path: str | Path, options: ReadOptions,
                       src: str, tgt: str) -> None:
    """Accept a first row without the term columns only as OmegaT's header-less layout
    (source, target, comment), whose languages are the project's, which the file does not
    say: zh → en only when it looks so."""
    headerless = not any(_header_name(h) for h in header)
    if headerless and len(header) < 2:
        raise InputError("no tab on this line: a tab-separated glossary needs "
                         "source<TAB>target (are the columns separated by spaces?)",
                         path=path, line=line)
    if not headerless or any(h.strip().lower() in ("concept", "status") for h in header):
        raise InputError(
            f"the header needs a {src} (or 'source') and an {tgt} (or 'target') column "
            f"(columns: {', '.join(header)}); say the languages with --src/--tgt",
            path=path, line=line)
    if not options.src and src == "zh" and not any(map(is_han, header[0])):
        raise InputError("no header row, and the first column is not Chinese: "
                         "say the languages with --src and --tgt", path=path, line=line)

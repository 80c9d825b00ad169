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
        line, header = first
        src_i = _find(header, _SOURCE_NAMES, src)
        tgt_i = _find(header, _TARGET_NAMES, tgt)
        lowered = [h.strip().lower() for h in header]
        if src_i is None or tgt_i is None:
            headerless = not any(_header_name(h) for h in header)
            if headerless and len(header) < 2:
                raise InputError("no tab on this line: a tab-separated glossary needs "
                                 "source<TAB>target (are the columns separated by spaces?)",
                                 path=path, line=line)
            if headerless and not any(h in ("concept", "status") for h in lowered):
                # No header: OmegaT layout source, target, comment. Its languages are the
                # project's, which the file does not say: zh → en only when it looks so.
                if not options.src and src == "zh" and not any(map(is_han, header[0])):
                    raise InputError("no header row, and the first column is not Chinese: "
                                     "say the languages with --src and --tgt",
                                     path=path, line=line)
                rows = _chain([(line, header)], rows)
                header, lowered = ["source", "target", "note"], ["source", "target", "note"]
                src_i, tgt_i = 0, 1
            else:
                raise InputError(
                    f"the header needs a {src} (or 'source') and an {tgt} (or 'target') column "
                    f"(columns: {', '.join(header)}); say the languages with --src/--tgt",
                    path=path, line=line)
        col = {name: lowered.index(name) for name in
               ("concept", "status", "case_sensitive", "pos", "note", "definition", "comment",
                "description", "sourcelang", "targetlang", "id", "stringid")
               if name in lowered}
        row_ids = slug(Path(path).stem)  # row ids are the file's: keys must not meet others'
        src_lang = options.src or (header[src_i] if langtags.is_valid(header[src_i].strip())
                                   and langtags.primary(header[src_i].strip()) == src else src)
        tgt_lang = options.tgt or (header[tgt_i] if langtags.is_valid(header[tgt_i].strip())
                                   and langtags.primary(header[tgt_i].strip()) == tgt else tgt)
        concepts: dict[str, Concept] = {}
        for line, fields in rows:
            where = {"path": path, "line": line}
            if len(fields) < max(src_i, tgt_i) + 1:
                raise InputError(f"row has {len(fields)} fields; the {src} and {tgt} columns "
                                 "are missing", **where)

            def get(name: str, fields: list[str] = fields) -> str | None:
                i = col.get(name)
                return fields[i].strip() or None if i is not None and i < len(fields) else None

            zh, en = fields[src_i].strip(), fields[tgt_i].strip()
            row_src = get("sourcelang")
            if row_src and langtags.is_valid(row_src) and langtags.primary(row_src) == tgt:
                zh, en = en, zh  # TICO-19 style: generic columns, en → zh rows
            if not zh:  # multilingual glossaries leave languages out of some entries
                options.warn(f"line {line}: no {src} term; skipped")
                continue
            row_id = get("id") or get("stringid")
            key = get("concept") or (f"{row_ids}-{slug(row_id)}" if row_id else slug(zh))
            concept = concepts.get(key)
            if concept is None:
                concept = concepts[key] = Concept(key=key, line=line,
                                                  definition=get("definition"))
            for text, usage in alternatives(zh):
                if not any(t.text == text for t in concept.terms_in(src)):
                    status = "preferred" if not concept.terms_in(src) else "admitted"
                    concept.terms.append(Term(text=text, lang=src_lang, status=status,
                                              note=usage))
            status = parse_status(get("status"), where)
            note = get("note") or get("comment") or get("description")
            for n, (text, usage) in enumerate(alternatives(en)):
                alt_status = "admitted" if n and status == "preferred" else status
                # A concept with several zh forms repeats its English rows once per zh form.
                if any(t.text == text and t.status == alt_status
                       for t in concept.terms_in(tgt)):
                    continue
                concept.terms.append(Term(
                    text=text, lang=tgt_lang, status=alt_status,
                    case_sensitive=parse_case(get("case_sensitive"), where),
                    pos=get("pos"), note="; ".join(x for x in (usage, note) if x) or None,
                ))
                if alt_status == "preferred" and concept.note is None:
                    concept.note = note
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

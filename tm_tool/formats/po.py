"""gettext PO files: read any real-world PO, write PO that msgfmt, polib and Translate Toolkit
accept.

Reading
    The bytes are decoded by fileio's one rule (a BOM, BOM-less UTF-16/32, --encoding), else
    with the charset the header declares (polib itself fails on e.g. the windows-1251 Drupal
    file); a file that declares none and is not UTF-8 is read as
    windows-1252/Latin-1 with a warning. polib parses the text, fed one ``\\n``-terminated line
    at a time (polib's own ``splitlines()`` would also break lines at U+2028, U+0085 …, which
    are ordinary characters in PO strings).

    msgid is the source, msgstr the target. msgctxt becomes the unit id and an ``x-context``
    prop (the name Translate Toolkit's po2tmx gives it), so a PO export writes it back. The
    fuzzy flag gives status "fuzzy", an empty msgstr "new", anything else "translated";
    obsolete entries and the header are skipped. ``#.`` comments are the note; ``#:``
    references, ``#`` translator comments and the other flags are kept as props.

    Plurals: a plural entry gives one segment per msgstr[n], so that every form is found by a
    lookup and checked like any translation: form 0 pairs with msgid, the others with
    msgid_plural; in a language with one plural form (``nplurals=1``: Chinese, Japanese…)
    msgstr[0] pairs with msgid_plural, the form it translates. The unit id is ``msgctxt[n]``,
    or ``N[n]`` for the N-th entry of a file without contexts. Props ``x-plural-form`` (n),
    ``x-msgid`` and ``x-msgid-plural`` keep the entry whole, so that the writer puts the forms
    back together into one entry (msgid, msgid_plural, msgstr[n]): gettext finds a plural by
    its singular msgid.

    Languages: msgstr is in the header's ``Language`` (a POSIX locale: zh_TW.Big5, sr@latin),
    else in the language the file name ends with (nautilus.af.po), else in --tgt; msgid is in
    ``X-Source-Language`` (which tm_tool writes), else English, the usual PO source. --src and
    --tgt override; asking for the file's pair the other way round (``--src zh-CN --tgt en`` on
    a Django zh_Hans file) swaps msgid and msgstr, so an en→zh PO feeds a zh→en memory.

Writing (po_writer.py)
    Streamed: one entry per segment, formatted by :func:`format_entry`, which produces exactly
    what ``polib.POEntry.__unicode__(wrapwidth=0)`` does (the tests prove it on random text)
    but three times faster. Memory stays flat apart from one 64-bit digest per distinct
    (msgctxt, msgid). PO forbids two entries with the same msgid and context, so a repeated
    source gets a context: its own ``x-context`` if it has one, else its unit id, else
    ``origin:position`` — this is how one slogan with two approved renderings is exported.
    Inline codes become text a translator can keep (formats/inline.py: the native code, or
    ``{1}``-style placeholders). ``#:`` carries origin:position, ``#.`` the note; a
    translation whose status is new, draft, fuzzy or rejected is written ``#, fuzzy`` so
    msgfmt leaves it out of the MO file. The forms of one plural entry (consecutive in
    document order, with the same plural props) are written as one plural entry; a form whose
    source is no longer msgid or msgid_plural (a reversed export) is an ordinary entry.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

import polib

from .. import langtags
from ..errors import InputError
from ..fileio import decode_as, read_bytes, sniff_encoding
from ..model import Segment
from .base import ReadOptions, SegmentFormat, WriteOptions
from .po_plural import (
    CONTEXT_PROP,
    FLAGS_PROP,
    GENERATOR,
    MSGID_PLURAL_PROP,
    MSGID_PROP,
    PLURAL_FORM_PROP,
    REFERENCE_PROP,
    TRANSLATOR_COMMENT_PROP,
)
from .po_writer import format_entry, write_po  # noqa: F401 (format_entry: public here too)

_CONTENT_TYPE_CHARSET = re.compile(rb'^"Content-Type:[^\n]*?charset\s*=\s*([A-Za-z0-9._:-]+)',
                                   re.MULTILINE)
_POLIB_LINE = re.compile(r"line (\d+)")
_ONE_PLURAL_FORM = re.compile(r"nplurals\s*=\s*1\b")


# --- reading ---------------------------------------------------------------------------------

def decode_po(path: str | Path, options: ReadOptions) -> str:
    """The file's text, decoded as its BOM, --encoding or header says (fileio's one rule)."""
    data = read_bytes(path)
    if not data.strip():
        raise InputError("empty file: no PO entries", path=path)
    found = sniff_encoding(data[:4], override=options.encoding, declared=_declared_charset(data))
    body = data[found.bom:]
    try:
        return decode_as(body, path, found.name)
    except InputError as exc:
        if found.origin == "declaration" and _is_ascii_name(found.name):
            # 'ASCII' headers over UTF-8 text are common (templates filled in by hand).
            text = decode_as(body, path, "utf-8")
            options.warn(f"declares charset {found.name} but holds UTF-8 text; read as UTF-8")
            return text
        if found.origin != "default":
            raise  # a file that names its charset and breaks it is broken
        # No header (the LISA kit's ExportTest1D.po) and 8-bit text: keep the text, say so.
        for fallback in ("windows-1252", "latin-1"):
            try:
                text = body.decode(fallback)
            except UnicodeDecodeError:
                continue
            options.warn(f"no charset declared and line {exc.line} is not UTF-8; read as "
                         f"{fallback}")
            return text
        raise


def _declared_charset(data: bytes) -> str | None:
    """The charset of the header's Content-Type (None for an unfilled template's 'CHARSET')."""
    match = _CONTENT_TYPE_CHARSET.search(data[:1 << 16])
    declared = match.group(1).decode("ascii") if match else None
    return None if declared and declared.upper() == "CHARSET" else declared


def _is_ascii_name(charset: str) -> bool:
    return charset.lower().replace("-", "").replace("_", "") in ("ascii", "usascii")


def _po_lines(text: str) -> Iterator[str]:
    """The lines polib should see: split at line ends only, bare ``#comment`` lines fixed.

    gettext reads '#' followed by anything as a translator comment; polib wants '# ' and
    rejects the Drupal file's ``#Abbreviated …`` line otherwise.
    """
    for line in io.StringIO(text, newline=None):  # newline=None: \\r\\n and \\r end lines too
        if len(line) > 1 and line[0] == "#" and line[1] not in " \t\n,.:|~#":
            line = "# " + line[1:]
        yield line


def parse_po(text: str, path: str | Path) -> polib.POFile:
    """Parse PO text with polib, turning its syntax errors into one InputError with the line."""
    # polib.pofile(text) splits the text with str.splitlines(), which also breaks at U+2028,
    # U+0085, \\x1c …: PO strings may hold those raw, so feed polib's parser our own lines.
    parser = polib._POFileParser("", encoding="utf-8", check_for_duplicates=False, klass=None)
    parser.fhandle = _po_lines(text)
    try:
        return parser.parse()
    except (OSError, ValueError, KeyError) as exc:
        message = str(exc)
        line = _POLIB_LINE.search(message)
        reason = "unescaped double quote" if "double quote" in message else "syntax error"
        raise InputError(f"not a valid PO file: {reason}", path=path,
                         line=int(line.group(1)) if line else None) from None


@dataclass
class PoLanguages:
    """Which language msgid and msgstr are in, and whether the user wants them swapped."""

    source: str
    target: str
    reverse: bool = False

    @classmethod
    def resolve(cls, metadata: dict[str, str], path: str | Path, options: ReadOptions
                ) -> PoLanguages:
        file_src = langtags.posix_to_bcp47(metadata.get("X-Source-Language", "")) or "en"
        file_tgt = langtags.posix_to_bcp47(metadata.get("Language", ""))
        if file_tgt is None and not options.tgt:
            file_tgt = langtags.language_from_file_name(path)
            if file_tgt:
                options.warn(f"no Language in the header; the file name says {file_tgt}")
            else:
                raise InputError("the header names no Language (nor does the file name): "
                                 "say the language of the translations with --tgt", path=path)
        return cls(*langtags.resolve_pair(file_src, file_tgt, options.src, options.tgt))


def _unquote_reference(value: str) -> str:
    return unquote(value) if "%" in value else value


class PoFormat(SegmentFormat):
    name = "po"
    extensions = (".po", ".pot")
    description = "gettext PO"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return b'msgid "' in head and b"msgstr" in head

    def read(self, path: str | Path, options: ReadOptions) -> Iterator[Segment]:
        # Warnings about the encoding wait until the file is known to be importable, so that a
        # refused file gets one line on stderr, not a warning and an error.
        pending: list[str] = []
        po = parse_po(decode_po(path, replace(options, warn=pending.append)), path)
        langs = PoLanguages.resolve(po.metadata, path, options)
        for message in pending:
            options.warn(message)
        own_file = po.metadata.get("X-Generator", "").startswith(GENERATOR)
        # A language with one plural form (Chinese, Japanese…) translates msgid_plural in
        # msgstr[0]: "找到 ${n} 个页面" is the general form, not "found one page".
        one_form = bool(_ONE_PLURAL_FORM.search(po.metadata.get("Plural-Forms", "")))
        ordinal = 0
        for entry in po:
            if entry.obsolete or not entry.msgid:
                continue
            ordinal += 1
            yield from self._segments(entry, langs, own_file, ordinal, one_form)

    def _segments(self, entry: polib.POEntry, langs: PoLanguages, own_file: bool,
                  ordinal: int, one_form: bool = False) -> Iterator[Segment]:
        origin, position = None, ordinal
        props: list[tuple[str, str]] = []
        if entry.msgctxt is not None:
            props.append((CONTEXT_PROP, entry.msgctxt))
        for index, (file, line) in enumerate(entry.occurrences):
            if own_file and index == 0:  # tm_tool writes origin:position as the first reference
                origin = _unquote_reference(file)
                position = int(line) if line else None
            else:
                props.append((REFERENCE_PROP, f"{file}:{line}" if line else file))
        if entry.tcomment:
            props.append((TRANSLATOR_COMMENT_PROP, entry.tcomment))
        other_flags = [f for f in entry.flags if f and f != "fuzzy"]
        if other_flags:
            props.append((FLAGS_PROP, ", ".join(other_flags)))
        common = {"source_lang": langs.source, "target_lang": langs.target, "origin": origin,
                  "position": position, "note": entry.comment or None, "props": props,
                  "line": max(entry.linenum, 1)}  # polib numbers a header-less file's first 0
        if entry.msgid_plural:
            forms = sorted(entry.msgstr_plural.items()) or [(0, "")]
            entry_id = entry.msgctxt if entry.msgctxt is not None else str(position)
            pairs = [(entry.msgid if n == 0 and not one_form else entry.msgid_plural, text,
                      f"{entry_id}[{n}]", [(PLURAL_FORM_PROP, str(n)), (MSGID_PROP, entry.msgid),
                                           (MSGID_PLURAL_PROP, entry.msgid_plural)])
                     for n, text in forms]
        else:
            pairs = [(entry.msgid, entry.msgstr, entry.msgctxt, [])]
        for msgid, msgstr, unit_id, plural_props in pairs:
            source, target = (msgstr, msgid) if langs.reverse else (msgid, msgstr)
            if langs.reverse and not source:
                continue  # an untranslated entry has no text in the wanted source language
            status = "fuzzy" if entry.fuzzy else ("translated" if msgstr else "new")
            yield Segment(source=source, target=target, unit_id=unit_id, status=status,
                          **{**common, "props": props + plural_props})

    def write(self, segments: Iterable[Segment], path: str | Path, options: WriteOptions) -> int:
        return write_po(segments, path, options)

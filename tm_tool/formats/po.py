"""gettext PO files: read any real-world PO, write PO that msgfmt, polib and Translate Toolkit
accept.

Reading
    The bytes are decoded with the charset the header declares (polib itself fails on e.g. the
    windows-1251 Drupal file); a file that declares none and is not UTF-8 is read as
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

Writing
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

import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import polib

from .. import __version__, langtags
from ..errors import InputError
from ..fileio import atomic_write, decode_as, read_bytes, sniff_encoding
from ..model import Segment
from .base import ReadOptions, SegmentFormat, WriteOptions
from .inline import to_text
from .po_plural import (
    CONTEXT_PROP,
    MSGID_PLURAL_PROP,
    MSGID_PROP,
    PLURAL_FORM_PROP,
    plural_groups,
    plural_of,
)

GENERATOR = "tm_tool"
# Props through which a PO unit's context, references, translator comments and flags survive a
# trip through the store (the same names on export and import).
REFERENCE_PROP = "reference"
TRANSLATOR_COMMENT_PROP = "translator-comment"
FLAGS_PROP = "po-flags"
# Statuses of a translation that is not finished: written "#, fuzzy" so that msgfmt leaves it
# out of the MO file ("new" with a target is typically an unreviewed machine or TM pre-fill).
FUZZY_STATUSES = frozenset({"new", "draft", "fuzzy", "rejected"})
PLURAL_FORMS = {"zh": "nplurals=1; plural=0;", "ja": "nplurals=1; plural=0;",
                "ko": "nplurals=1; plural=0;", "vi": "nplurals=1; plural=0;",
                "en": "nplurals=2; plural=(n != 1);", "fr": "nplurals=2; plural=(n > 1);"}
DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

_CONTENT_TYPE_CHARSET = re.compile(rb'^"Content-Type:[^\n]*?charset\s*=\s*([A-Za-z0-9._:-]+)',
                                   re.MULTILINE)
_POLIB_LINE = re.compile(r"line (\d+)")
_ONE_PLURAL_FORM = re.compile(r"nplurals\s*=\s*1\b")
_PO_SPECIAL = re.compile(r'[\\\t\r\n\v\b\f"]')


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

    # --- writing -----------------------------------------------------------------------------

    def write(self, segments: Iterable[Segment], path: str | Path, options: WriteOptions) -> int:
        entries = PoEntryWriter()
        count = 0
        with atomic_write(path, "w") as out:
            out.write(po_header(options))
            for group in plural_groups(segments):
                out.write("\n")
                out.write(entries.entry(group))
                count += len(group)
        if entries.flagged_line_breaks:
            options.warn(f"{path}: {entries.flagged_line_breaks} units whose source and "
                           "translation disagree about a leading or trailing line break were "
                           "written as fuzzy (msgfmt refuses them as translations)")
        return count


@dataclass
class PoEntryWriter:
    """Turns segments into PO entries, keeping (msgctxt, msgid) unique across the file."""

    seen: set[int] = field(default_factory=set)  # _msg_key of every entry written
    flagged_line_breaks: int = 0

    def entry(self, forms: list[Segment]) -> str:
        """One PO entry: an ordinary one for one segment, a plural one for the forms of a
        plural entry (as :func:`plural_groups` gathers them)."""
        forms = [_codes_as_text(f) for f in forms]
        seg = forms[0]
        for form in forms:
            for text in (form.source, form.target):
                if "\x00" in text:
                    raise InputError("a NUL character cannot be written to PO",
                                     unit=form.place())
        props = seg.props or []
        plural = plural_of(seg)
        msgid = plural[1] if plural else seg.source
        context = next((v for t, v in props if t == CONTEXT_PROP), None)
        key = _msg_key(context, msgid)
        if key in self.seen:  # PO forbids a second entry with this msgid and msgctxt
            base = (seg.unit_id if seg.unit_id and seg.unit_id != context and not plural
                    else f"{seg.origin}:{seg.position}" if seg.origin else seg.place())
            context, number = base, 1
            while (key := _msg_key(context, msgid)) in self.seen:
                number += 1
                context = f"{base} ({number})"
        self.seen.add(key)
        references = []
        if seg.origin:
            references.append(_quote_reference(seg.origin, colon=seg.position is None)
                              + (f":{seg.position}" if seg.position is not None else ""))
        references += [_quote_reference(v) for t, v in props if t == REFERENCE_PROP]
        fuzzy = any(f.target and f.status in FUZZY_STATUSES for f in forms)
        if not fuzzy and any(f.target and _line_breaks_differ(f.source, f.target)
                             for f in forms):
            fuzzy = True
            self.flagged_line_breaks += 1
        flags = ["fuzzy"] if fuzzy else []
        for t, value in props:
            if t == FLAGS_PROP:
                flags += [f for f in (p.strip() for p in value.split(",")) if f
                          and f != "fuzzy" and "\n" not in f]
        translator_comment = "\n".join(v for t, v in props if t == TRANSLATOR_COMMENT_PROP)
        msgstr_plural = None
        if plural:
            texts = {plural_of(f)[0]: f.target for f in forms}  # type: ignore[index]
            msgstr_plural = [texts.get(n, "") for n in range(max(texts) + 1)]
        return format_entry(
            msgid=msgid, msgstr=seg.target, msgctxt=context,
            comment=comment_text(seg.note or ""),
            tcomment=comment_text(translator_comment, translator=True),
            occurrences=[(r, "") for r in references], flags=flags,
            msgid_plural=plural[2] if plural else None, msgstr_plural=msgstr_plural,
        )


def _codes_as_text(seg: Segment) -> Segment:
    """The segment with its inline codes written into its text (PO has no codes)."""
    if not (seg.source_markup or seg.target_markup):
        return seg
    return replace(seg, source=to_text(seg.source_markup, seg.source) if seg.source_markup
                   else seg.source,
                   target=to_text(seg.target_markup, seg.target) if seg.target_markup
                   else seg.target)


def _line_breaks_differ(source: str, target: str) -> bool:
    """msgfmt's rule: msgid and msgstr must both begin, and both end, with '\\n' or not."""
    return (source.startswith("\n") != target.startswith("\n")
            or source.endswith("\n") != target.endswith("\n"))


def _msg_key(context: str | None, msgid: str) -> int:
    """A 64-bit digest of what identifies a PO entry (gettext joins the two with EOT)."""
    text = msgid if context is None else f"{context}\x04{msgid}"
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _quote_reference(value: str, *, colon: bool = False) -> str:
    """A ``#:`` reference is one whitespace-free token: percent-encode whitespace and '%'
    (and ':' when no line number follows, so 'doc:5' is not read as line 5 of 'doc')."""
    def encode(match: re.Match) -> str:
        return "".join(f"%{b:02X}" for b in match.group().encode("utf-8"))

    return re.sub(r"[%\s:]" if colon else r"[%\s]", encode, value)


def comment_text(text: str, *, translator: bool = False) -> str:
    """A comment as PO can carry it: one line per line, trimmed, no empty lines (polib drops
    them on reading, so writing them would not survive a round trip)."""
    lines = (line.strip() for line in text.splitlines())
    if translator:  # '## x' reads back as 'x'
        lines = (line.lstrip("#").strip() for line in lines)
    return "\n".join(line for line in lines if line)


def _escape(text: str) -> str:
    if not _PO_SPECIAL.search(text):
        return text
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r")
            .replace("\n", "\\n").replace("\v", "\\v").replace("\b", "\\b")
            .replace("\f", "\\f").replace('"', '\\"'))


def _field(keyword: str, value: str) -> str:
    lines = value.splitlines(True)
    if len(lines) > 1:  # polib's layout: an empty first string, then one string per line
        return f'{keyword} ""\n' + "".join(f'"{_escape(line)}"\n' for line in lines)
    return f'{keyword} "{_escape(value)}"\n'


def format_entry(*, msgid: str, msgstr: str, msgctxt: str | None = None, comment: str = "",
                 tcomment: str = "", occurrences: Iterable[tuple[str, str]] = (),
                 flags: Iterable[str] = (), msgid_plural: str | None = None,
                 msgstr_plural: list[str] | None = None) -> str:
    """One PO entry, exactly as ``polib.POEntry(...).__unicode__(wrapwidth=0)`` writes it
    (a plural entry when ``msgid_plural`` is given)."""
    parts = []
    if tcomment:
        parts += [f"# {line}\n" for line in tcomment.split("\n")]
    if comment:
        parts += [f"#. {line}\n" for line in comment.split("\n")]
    refs = " ".join(f"{file}:{line}" if line else file for file, line in occurrences)
    if refs:
        parts.append(f"#: {refs}\n")
    flag_list = list(flags)
    if flag_list:
        parts.append(f"#, {', '.join(flag_list)}\n")
    if msgctxt is not None:
        parts.append(_field("msgctxt", msgctxt))
    parts.append(_field("msgid", msgid))
    if msgid_plural is not None:
        parts.append(_field("msgid_plural", msgid_plural))
        parts += [_field(f"msgstr[{n}]", text) for n, text in enumerate(msgstr_plural or [""])]
    else:
        parts.append(_field("msgstr", msgstr))
    return "".join(parts)


def po_header(options: WriteOptions) -> str:
    """The header entry: what msgfmt --check-header wants, plus the source language."""
    src = langtags.normalize(options.src_lang)
    tgt = langtags.normalize(options.tgt_lang)
    now = options.extra.get("date") or datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    fields = [
        ("Project-Id-Version", options.extra.get("project", "tm_tool export")),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", now),
        ("PO-Revision-Date", now),
        ("Last-Translator", "tm_tool"),
        ("Language-Team", tgt),
        ("Language", tgt.replace("-", "_")),  # gettext wants a POSIX locale: zh_CN
        ("X-Source-Language", src),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", PLURAL_FORMS.get(langtags.primary(tgt), DEFAULT_PLURAL_FORMS)),
        ("X-Generator", f"{GENERATOR} {__version__}"),
    ]
    body = "".join(f'"{key}: {_escape(value)}\\n"\n' for key, value in fields)
    return f'msgid ""\nmsgstr ""\n{body}'

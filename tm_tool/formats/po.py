"""gettext PO files.

Reading: polib, after decoding the file with the charset its header declares (polib itself
fails on e.g. windows-1251). msgid is the source, msgstr the target; the fuzzy flag becomes
status "fuzzy", an empty msgstr status "new"; obsolete entries and the header are skipped.
Plural entries give one segment per plural form (unit id ``msgctxt[n]``). Languages: --src and
--tgt, else the header's X-Source-Language (default en) and Language.

Writing: streamed, one ``str(polib.POEntry)`` per segment, so memory stays flat apart from the
set of msgids seen. PO forbids two entries with the same msgid and no context, so whenever a
source repeats, msgctxt (the unit id, else origin:position) keeps the entries apart — this is
how one slogan with two approved renderings is exported. ``msgfmt --check`` accepts the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import polib

from .. import __version__, langtags
from ..errors import InputError
from ..fileio import atomic_write, decode, read_bytes
from ..model import Segment
from .base import ReadOptions, SegmentFormat, WriteOptions

_CHARSET = re.compile(rb"charset\s*=\s*([A-Za-z0-9._:-]+)")
PLURAL_FORMS = {"zh": "nplurals=1; plural=0;", "ja": "nplurals=1; plural=0;",
                "ko": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}


def _decode_po(path: str | Path, options: ReadOptions) -> str:
    data = read_bytes(path)
    if not data.strip():
        raise InputError("empty file: no PO entries", path=path)
    declared = options.encoding
    if declared is None:
        match = _CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii") if match else "utf-8"
        if declared.upper() == "CHARSET":  # a template's placeholder
            declared = "utf-8"
    try:
        return decode(data, path, declared)
    except InputError:
        if match_is_utf8_claim(declared):
            # Files that claim UTF-8 (or claim nothing) but hold Latin-1 bytes: keep the text,
            # say so, and let the reviewer fix the file.
            options.warn(f"not valid {declared}; read as latin-1")
            return data.decode("latin-1")
        raise


_BARE_COMMENT = re.compile(r"^#(?=[^\s,.:|~])", re.MULTILINE)


def _language_from_name(path: str | Path) -> str | None:
    """'nautilus.af.po' -> 'af', 'zh_CN_sphinx.po' -> 'zh_CN' (a language code in the name)."""
    stem = Path(str(path)).name.rsplit(".", 1)[0]
    for part in reversed(re.split(r"[.]", stem)):
        match = re.fullmatch(r"([a-z]{2,3})(?:[_-]([A-Z]{2}|Hans|Hant))?", part)
        if match:
            try:
                return langtags.check_known(part)
            except Exception:  # not a language after all
                continue
    return None


def match_is_utf8_claim(charset: str) -> bool:
    return charset.lower().replace("-", "") in ("utf8", "")


class PoFormat(SegmentFormat):
    name = "po"
    extensions = (".po", ".pot")
    description = "gettext PO"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return b'msgid "' in head and b'msgstr' in head

    def read(self, path: str | Path, options: ReadOptions) -> Iterator[Segment]:
        # gettext takes '#' followed by anything as a translator comment; polib wants '# '.
        text = _BARE_COMMENT.sub("# ", _decode_po(path, options))
        try:
            po = polib.pofile(text, wrapwidth=0)
        except (OSError, ValueError) as exc:
            message = str(exc).replace(text[:40], "").strip() if text else str(exc)
            line = re.search(r"line (\d+)", message)
            raise InputError(f"not a valid PO file: {message}", path=path,
                             line=int(line.group(1)) if line else None) from None
        meta = po.metadata
        src = options.src or meta.get("X-Source-Language") or "en"
        # POSIX locale names carry a charset or modifier: zh_TW.Big5, sr@latin.
        tgt = options.tgt or re.split(r"[.@]", meta.get("Language") or "")[0]
        tgt = tgt or _language_from_name(path) or ""
        if not tgt or not langtags.is_valid(tgt):
            raise InputError("the header names no Language and the file name none either: "
                             "say the target language with --tgt", path=path)
        src, tgt = _canonical(src), _canonical(tgt)
        for entry in po:
            if entry.obsolete or not entry.msgid:
                continue
            yield from self._segments(entry, src, tgt)

    def _segments(self, entry: polib.POEntry, src: str, tgt: str) -> Iterator[Segment]:
        origin = position = None
        props: list[tuple[str, str]] = []
        for file, line in entry.occurrences:
            if line and line.isdigit() and origin is None and not file.endswith(
                    (".py", ".js", ".c", ".h", ".html", ".txt", ".rst", ".java")):
                origin, position = file, int(line)
            else:
                props.append(("reference", f"{file}:{line}" if line else file))
        if entry.tcomment:
            props.append(("translator-comment", entry.tcomment))
        status = "fuzzy" if entry.fuzzy else ("translated" if entry.translated() else "new")
        common = dict(source_lang=src, target_lang=tgt, origin=origin, position=position,
                      note=entry.comment or None, props=props, status=status,
                      line=entry.linenum)
        if entry.msgid_plural:
            forms = sorted(entry.msgstr_plural.items()) or [(0, "")]
            for index, target in forms:
                source = entry.msgid if index == 0 else entry.msgid_plural
                yield Segment(source=source, target=target,
                              unit_id=f"{entry.msgctxt or ''}[{index}]", **common)
            return
        yield Segment(source=entry.msgid, target=entry.msgstr, unit_id=entry.msgctxt,
                      **common)

    def write(self, segments: Iterable[Segment], path: str | Path, options: WriteOptions) -> int:
        seen_msgids: set[int] = set()
        seen_keys: set[tuple[str, int]] = set()
        count = 0
        with atomic_write(path, "w") as out:
            out.write(self._header(options))
            for seg in segments:
                msgid_hash = hash(seg.source)
                context = None
                if msgid_hash in seen_msgids:
                    context = seg.unit_id or (
                        f"{seg.origin}:{seg.position}" if seg.origin else f"#{seg.id}")
                    while (context, msgid_hash) in seen_keys:
                        context += "'"
                    seen_keys.add((context, msgid_hash))
                seen_msgids.add(msgid_hash)
                entry = polib.POEntry(
                    msgid=seg.source, msgstr=seg.target, msgctxt=context,
                    comment=seg.note or "",
                    occurrences=[(seg.origin.replace(" ", "_"), str(seg.position or ""))]
                    if seg.origin else [],
                    flags=["fuzzy"] if seg.status == "fuzzy" else [],
                )
                out.write(entry.__unicode__(wrapwidth=0) + "\n")
                count += 1
        return count

    def _header(self, options: WriteOptions) -> str:
        tgt = langtags.normalize(options.tgt_lang)
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
        plural = PLURAL_FORMS.get(langtags.primary(tgt), "nplurals=2; plural=(n != 1);")
        fields = [
            ("Project-Id-Version", "tm_tool export"),
            ("Report-Msgid-Bugs-To", ""),
            ("POT-Creation-Date", now),
            ("PO-Revision-Date", now),
            ("Last-Translator", "tm_tool"),
            ("Language-Team", tgt),
            ("Language", tgt.replace("-", "_")),
            ("X-Source-Language", langtags.normalize(options.src_lang)),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("Plural-Forms", plural),
            ("X-Generator", f"tm_tool {__version__}"),
        ]
        body = "".join(f'"{k}: {v}\\n"\n' for k, v in fields)
        return f'msgid ""\nmsgstr ""\n{body}\n'


def _canonical(tag: str) -> str:
    return langtags.normalize(tag) if langtags.is_valid(tag) else tag

"""TMX 1.1–1.4b: streamed reading and writing.

Reading uses expat on blocks of the file, so a million-unit TMX is never held whole. Encodings
that expat does not know (GB18030, windows-1252, UTF-16 without a BOM…) are transcoded to UTF-8
on the fly. Language tags are matched whatever their case and separator; the file's own tag is
kept. Inline markup (bpt/ept/it/ph/hi/sub/ut) is kept as the inner XML of <seg> so that export
writes it back unchanged; the plain text leaves out native codes (bpt/ept/it/ph/ut) and sub-flows
(sub), as the LISA TMX Compliance Kit expects.

Writing produces TMX 1.4b that OmegaT 3.6, Translate Toolkit and xmllint (tmx14.dtd) accept:
hyphenated BCP 47 tags with a region (zh-CN, en-US), srclang on the header, trimmed segs,
``segtype="sentence"`` only when every unit is one sentence. The body is written first to a
temporary file so that the header can say so without holding the units in memory.
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from xml.parsers import expat

from .. import __version__, langtags
from ..errors import InputError
from ..fileio import atomic_write
from ..model import SEGMENT_STATUSES, Segment
from .base import ReadOptions, SegmentFormat, WriteOptions

NATIVE_CODE = {"bpt", "ept", "it", "ph", "ut", "sub"}  # content is not segment text
INLINE = NATIVE_CODE | {"hi"}
OWN_PROPS = {"x-origin", "x-position", "x-status"}
_EXPAT_ENCODINGS = {"utf-8", "utf-16", "iso-8859-1", "us-ascii"}
_DECL = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_INVALID_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SENTENCE_BREAK = re.compile(r"[。！？!?](?![”’\"')）」』\s]*$)|\.\s+(?=[A-Z“\"])")
_BLOCK = 1 << 20


def tmx_date_to_iso(value: str | None) -> str | None:
    """'20251212T080000Z' -> '2025-12-12T08:00:00Z' (None for anything else)."""
    if not value or len(value) != 16 or value[8] != "T":
        return None
    return f"{value[0:4]}-{value[4:6]}-{value[6:8]}T{value[9:11]}:{value[11:13]}:{value[13:15]}Z"


def iso_to_tmx_date(value: str | None) -> str | None:
    if not value:
        return None
    digits = re.sub(r"[^0-9]", "", value)
    if len(digits) < 14:
        digits = (digits + "00000000000000")[:14]
    return f"{digits[0:8]}T{digits[8:14]}Z"


def _sniff_encoding(head: bytes) -> tuple[str, int]:
    """(encoding, BOM length) from the BOM, the XML declaration, or the byte pattern."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                     (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return enc, len(bom)
    if head.startswith(b"<\x00"):
        return "utf-16-le", 0
    if head.startswith(b"\x00<"):
        return "utf-16-be", 0
    match = _DECL.match(head)
    if match:
        declared = match.group(1).decode("ascii").lower()
        return declared, 0
    return "utf-8", 0


def _utf8_blocks(handle, first: bytes, encoding: str, skip: int) -> Iterator[bytes]:
    """The file's bytes as UTF-8 blocks (transcoding when needed), BOM removed."""
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r} in the XML declaration") from None
    data = first[skip:]
    while True:
        text = decoder.decode(data, final=not data)
        if text:
            yield text.encode("utf-8")
        if not data:
            return
        data = handle.read(_BLOCK)


class _TmxParser:
    """expat callbacks that turn <tu> elements into Segments."""

    def __init__(self, path: str | Path, options: ReadOptions) -> None:
        self.path = path
        self.options = options
        self.root_seen = False
        self.header_srclang: str | None = None
        self.units: list[Segment] = []
        self.tu_count = 0
        self._tu: dict | None = None
        self._tuv: dict | None = None
        self._seg_depth = 0  # >0 while inside <seg>
        self._code_depth = 0  # >0 while inside native code (no plain text)
        self._text: list[str] = []
        self._markup: list[str] = []
        self._has_markup = False
        self._field: tuple[str, str | None] | None = None  # ("note"|"prop", type)
        self._field_text: list[str] = []
        self.parser: expat.XMLParserType | None = None

    # -- callbacks ------------------------------------------------------------------------
    def start(self, name: str, attrs: dict[str, str]) -> None:
        if not self.root_seen:
            self.root_seen = True
            if name != "tmx":
                raise InputError(f"not a TMX file (root element <{name}>, expected <tmx>)",
                                 path=self.path, line=self._line())
        if self._seg_depth:
            self._seg_depth += 1
            self._has_markup = True
            attr_text = "".join(f" {k}={_quoteattr(v)}" for k, v in attrs.items())
            self._markup.append(f"<{name}{attr_text}>")
            if name in NATIVE_CODE or self._code_depth:
                self._code_depth += 1
            return
        if name == "header":
            self.header_srclang = attrs.get("srclang")
        elif name == "tu":
            self.tu_count += 1
            self._tu = {"attrs": attrs, "tuvs": [], "notes": [], "props": [],
                        "line": self._line()}
        elif name == "tuv" and self._tu is not None:
            lang = attrs.get("xml:lang") or attrs.get("lang")
            self._tuv = {"lang": lang, "text": None, "markup": None}
        elif name == "seg" and self._tuv is not None:
            self._seg_depth = 1
            self._code_depth = 0
            self._text, self._markup, self._has_markup = [], [], False
        elif name in ("note", "prop") and self._tu is not None and self._tuv is None:
            self._field = (name, attrs.get("type"))
            self._field_text = []

    def end(self, name: str) -> None:
        if self._seg_depth > 1:
            self._seg_depth -= 1
            if self._code_depth:
                self._code_depth -= 1
            self._markup.append(f"</{name}>")
            return
        if self._seg_depth == 1 and name == "seg":
            self._seg_depth = 0
            assert self._tuv is not None
            self._tuv["text"] = "".join(self._text)
            self._tuv["markup"] = "".join(self._markup) if self._has_markup else None
        elif name == "tuv" and self._tu is not None and self._tuv is not None:
            self._tu["tuvs"].append(self._tuv)
            self._tuv = None
        elif name in ("note", "prop") and self._field is not None:
            kind, typ = self._field
            value = "".join(self._field_text)
            if kind == "note":
                self._tu["notes"].append(value)  # type: ignore[index]
            else:
                self._tu["props"].append((typ or "", value))  # type: ignore[index]
            self._field = None
        elif name == "tu" and self._tu is not None:
            segment = self._segment(self._tu)
            if segment is not None:
                self.units.append(segment)
            self._tu = None

    def chars(self, data: str) -> None:
        if self._seg_depth:
            self._markup.append(_escape(data))
            if not self._code_depth:
                self._text.append(data)
        elif self._field is not None:
            self._field_text.append(data)

    # -- helpers --------------------------------------------------------------------------
    def _line(self) -> int | None:
        return self.parser.CurrentLineNumber if self.parser else None

    def _broken(self, tu: dict, why: str) -> None:
        tuid = tu["attrs"].get("tuid")
        place = f"tu {tuid}" if tuid else f"tu at line {tu['line']}"
        if self.options.strict:
            raise InputError(f"{why} (use no --strict to skip such units)", path=self.path,
                             line=tu["line"], unit=tuid)
        self.options.warn(f"{place}: {why}; skipped")

    def _segment(self, tu: dict) -> Segment | None:
        tuvs = [t for t in tu["tuvs"] if t["lang"]]
        if len(tuvs) < len(tu["tuvs"]):
            self._broken(tu, "a <tuv> has no xml:lang")
            return None
        if any(t["text"] is None for t in tuvs):
            self._broken(tu, "a <tuv> has no <seg>")
            return None
        langs = [t["lang"] for t in tuvs]
        src_hint = self.options.src or tu["attrs"].get("srclang") or self.header_srclang
        if src_hint and src_hint.lower() == "*all*":
            src_hint = None
        if src_hint and langtags.is_valid(src_hint):
            src_tag = langtags.best_match(src_hint, langs)
        else:
            src_tag = langs[0] if langs else None
        if src_tag is None:
            self._broken(tu, f"no <tuv> in the source language {src_hint}")
            return None
        others = [t for t in langs if t != src_tag
                  and (not langtags.is_valid(t) or not langtags.is_valid(src_tag)
                       or langtags.primary(t) != langtags.primary(src_tag)
                       or langtags.normalize(t) != langtags.normalize(src_tag))]
        if self.options.tgt:
            tgt_tag = langtags.best_match(self.options.tgt, others)
        else:
            tgt_tag = others[0] if others else None
        if tgt_tag is None:
            want = self.options.tgt or "a second language"
            self._broken(tu, f"no <tuv> in the target language ({want})")
            return None
        src = next(t for t in tuvs if t["lang"] == src_tag)
        tgt = next(t for t in tuvs if t["lang"] == tgt_tag)
        attrs = tu["attrs"]
        props = []
        origin = position = status = None
        for typ, value in tu["props"]:
            if typ == "x-origin":
                origin = value
            elif typ == "x-position" and value.strip().isdigit():
                position = int(value)
            elif typ == "x-status" and value in SEGMENT_STATUSES:
                status = value
            else:
                props.append((typ, value))
        usage = attrs.get("usagecount", "0")
        return Segment(
            source=src["text"],
            target=tgt["text"],
            source_lang=_canonical(src_tag),
            target_lang=_canonical(tgt_tag),
            origin=origin,
            position=position if position is not None else self.tu_count,
            unit_id=attrs.get("tuid"),
            source_markup=src["markup"],
            target_markup=tgt["markup"],
            created_at=tmx_date_to_iso(attrs.get("creationdate")),
            changed_at=tmx_date_to_iso(attrs.get("changedate")),
            creator=attrs.get("creationid"),
            changer=attrs.get("changeid"),
            usage_count=int(usage) if usage.isdigit() else 0,
            status=status or "translated",
            note="\n".join(tu["notes"]) or None,
            props=props,
            line=tu["line"],
        )


def _canonical(tag: str) -> str:
    return langtags.normalize(tag) if langtags.is_valid(tag) else tag


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def _quoteattr(text: str) -> str:
    return '"' + (_escape(text).replace('"', "&quot;").replace("\t", "&#9;")
                  .replace("\n", "&#10;")) + '"'


def is_one_sentence(text: str) -> bool:
    return not _SENTENCE_BREAK.search(text.strip())


class TmxFormat(SegmentFormat):
    name = "tmx"
    extensions = (".tmx",)
    description = "TMX 1.1–1.4b translation memory"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        probe = head.replace(b"\x00", b"").lower()
        return b"<tmx" in probe

    def read(self, path: str | Path, options: ReadOptions) -> Iterator[Segment]:
        try:
            handle = open(path, "rb")  # noqa: SIM115 (closed by the with below)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", path=path) from None
        with handle:
            first = handle.read(_BLOCK)
            if not first.strip():
                raise InputError("empty file: no TMX content", path=path)
            encoding, skip = _sniff_encoding(first[:1024])
            state = _TmxParser(path, options)
            if encoding in _EXPAT_ENCODINGS:
                parser = expat.ParserCreate()
                blocks: Iterator[bytes] = _raw_blocks(handle, first)
            else:
                parser = expat.ParserCreate(encoding="UTF-8")  # we feed transcoded UTF-8
                blocks = _utf8_blocks(handle, first, encoding, skip)
            state.parser = parser
            parser.buffer_text = True
            parser.StartElementHandler = state.start
            parser.EndElementHandler = state.end
            parser.CharacterDataHandler = state.chars
            # Entities declared in the DTD (none in TMX) are not needed; an undefined one is
            # an error rather than a silent loss of text (OmegaT drops it silently).
            try:
                for block in blocks:
                    parser.Parse(block, False)
                    yield from state.units
                    state.units.clear()
                parser.Parse(b"", True)
            except expat.ExpatError as exc:
                raise InputError(f"not well-formed XML: {expat.errors.messages[exc.code]} "
                                 f"(column {exc.offset + 1})", path=path,
                                 line=exc.lineno) from None
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {encoding} text: {exc.reason}",
                                 path=path) from None
            yield from state.units
            if not state.root_seen:
                raise InputError("not a TMX file (no <tmx> element)", path=path)

    def write(self, segments: Iterable[Segment], path: str | Path, options: WriteOptions) -> int:
        src_tag = langtags.for_export(options.src_lang)
        tgt_tag = langtags.for_export(options.tgt_lang)
        folder = Path(path).parent if str(path) != "-" else Path(tempfile.gettempdir())
        count = 0
        all_sentences = True
        fd, body_path = tempfile.mkstemp(prefix=".tmx-body.", dir=folder or ".")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as body:
                for seg in segments:
                    count += 1
                    body.write(self._tu(seg, src_tag, tgt_tag))
                    if all_sentences and not is_one_sentence(seg.source):
                        all_sentences = False
            now = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            header = (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
                '<tmx version="1.4">\n'
                f'  <header creationtool="tm_tool" creationtoolversion="{__version__}" '
                f'segtype="{"sentence" if all_sentences else "paragraph"}" o-tmf="tm_tool" '
                f'adminlang="en-US" srclang="{src_tag}" datatype="plaintext" '
                f'creationdate="{now}"/>\n'
                "  <body>\n"
            )
            with atomic_write(path, "wb") as out, open(body_path, "rb") as body_in:
                out.write(header.encode("utf-8"))
                shutil.copyfileobj(body_in, out, 1 << 20)
                out.write(b"  </body>\n</tmx>\n")
        finally:
            os.unlink(body_path)
        return count

    def _tu(self, seg: Segment, src_tag: str, tgt_tag: str) -> str:
        place = seg.place()
        for text in (seg.source, seg.target, seg.source_markup or "", seg.target_markup or "",
                     seg.note or "", *(v for _, v in seg.props)):
            bad = _INVALID_XML.search(text)
            if bad:
                raise InputError(f"character U+{ord(bad.group()):04X} is not allowed in XML "
                                 "1.0; fix or remove it before exporting to TMX", unit=place)
        attrs = [("tuid", seg.unit_id or (str(seg.id) if seg.id is not None else None)),
                 ("creationdate", iso_to_tmx_date(seg.created_at)),
                 ("changedate", iso_to_tmx_date(seg.changed_at)),
                 ("creationid", seg.creator), ("changeid", seg.changer),
                 ("usagecount", str(seg.usage_count) if seg.usage_count else None)]
        parts = ["    <tu" + "".join(f" {k}={_quoteattr(v)}" for k, v in attrs if v) + ">\n"]
        if seg.note:
            parts.append(f"      <note>{_escape(seg.note)}</note>\n")
        own = [("x-origin", seg.origin),
               ("x-position", str(seg.position) if seg.position is not None else None),
               ("x-status", seg.status)]
        for typ, value in [*own, *seg.props]:
            if value is not None and typ:
                parts.append(f"      <prop type={_quoteattr(typ)}>{_escape(value)}</prop>\n")
        for tag, text, markup in ((src_tag, seg.source, seg.source_markup),
                                  (tgt_tag, seg.target, seg.target_markup)):
            content = markup.strip() if markup else _escape(text.strip())
            parts.append(f'      <tuv xml:lang="{tag}"><seg>{content}</seg></tuv>\n')
        parts.append("    </tu>\n")
        return "".join(parts)


def _raw_blocks(handle, first: bytes) -> Iterator[bytes]:
    data = first
    while data:
        yield data
        data = handle.read(_BLOCK)

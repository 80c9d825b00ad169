"""TMX 1.1–1.4b: the format, and its streamed writer (the reader is formats/tmx_reader.py).

Inline markup kept on import (the inner XML of <seg>) is written back as valid TMX 1.4b codes
(formats/inline.py, which also translates XLIFF's).

Writing produces TMX 1.4b that OmegaT 3.6, Translate Toolkit and xmllint (tmx14.dtd) accept:
hyphenated BCP 47 tags as imported (zh_CN → zh-CN; bare zh and en get a region only with
``normalize_tags``), srclang on the header, trimmed segs,
``segtype="sentence"`` only when every unit is one sentence. The body is written first to a
temporary file so that the header can say so without holding the units in memory.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from .. import __version__, langtags
from ..errors import InputError
from ..fileio import atomic_write, scratch_folder
from ..model import Segment
from .base import ReadOptions, SegmentFormat, WriteOptions
from .inline import to_tmx
from .tmx_reader import read_tmx, tmx_date_to_iso  # noqa: F401 (tmx_date_to_iso: also public here)
from .xmlutil import escape_text, quote_attr

_INVALID_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SENTENCE_BREAK = re.compile(r"[。！？!?](?![”’\"')）」』\s]*$)|\.\s+(?=[A-Z“\"])")


@lru_cache(maxsize=4096)
def iso_to_tmx_date(value: str | None) -> str | None:
    if not value:
        return None
    digits = re.sub(r"[^0-9]", "", value)
    if len(digits) < 14:
        digits = (digits + "00000000000000")[:14]
    return f"{digits[0:8]}T{digits[8:14]}Z"


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
        return read_tmx(path, options)

    def write(self, segments: Iterable[Segment], path: str | Path, options: WriteOptions) -> int:
        src_tag = langtags.for_export(options.src_lang, add_region=options.normalize_tags)
        tgt_tag = langtags.for_export(options.tgt_lang, add_region=options.normalize_tags)
        folder = scratch_folder(path)
        count = 0
        all_sentences = True
        fd, body_path = tempfile.mkstemp(prefix=".tmx-body.", dir=folder)
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
        bad = _INVALID_XML.search("".join((
            seg.source, seg.target, seg.source_markup or "", seg.target_markup or "",
            seg.note or "", *(v for _, v in seg.props))))
        if bad:
            raise InputError(f"character U+{ord(bad.group()):04X} is not allowed in XML 1.0; "
                             "fix or remove it before exporting to TMX", unit=seg.place())
        attrs = [("tuid", seg.unit_id or (str(seg.id) if seg.id is not None else None)),
                 ("creationdate", iso_to_tmx_date(seg.created_at)),
                 ("changedate", iso_to_tmx_date(seg.changed_at)),
                 ("creationid", seg.creator), ("changeid", seg.changer),
                 ("usagecount", str(seg.usage_count) if seg.usage_count else None)]
        parts = ["    <tu" + "".join(f" {k}={quote_attr(v)}" for k, v in attrs if v) + ">\n"]
        if seg.note:
            parts.append(f"      <note>{escape_text(seg.note)}</note>\n")
        own = [("x-origin", seg.origin),
               ("x-position", str(seg.position) if seg.position is not None else None),
               ("x-status", seg.status)]
        for typ, value in [*own, *seg.props]:
            if value is not None and typ:
                parts.append(f"      <prop type={quote_attr(typ)}>{escape_text(value)}</prop>\n")
        for tag, text, markup in ((src_tag, seg.source, seg.source_markup),
                                  (tgt_tag, seg.target, seg.target_markup)):
            codes = to_tmx(markup.strip()) if markup else None
            content = codes if codes is not None else escape_text(text.strip())
            parts.append(f'      <tuv xml:lang="{tag}"><seg>{content}</seg></tuv>\n')
        parts.append("    </tu>\n")
        return "".join(parts)



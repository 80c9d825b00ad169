"""XLIFF 1.0–1.2 import (streamed): each trans-unit's source and target become a segment.

Streaming: lxml ``iterparse``; each trans-unit is dropped from memory once read, so a large
file (or an SDLXLIFF with a big base64 ``internal-file``) is never held whole. The encoding follows
fileio.sniff_encoding: libxml2 reads a BOM, BOM-less UTF-16 and the XML declaration itself;
--encoding and UTF-32 files are transcoded to UTF-8 first.

Languages: ``<file source-language target-language>``, else the target's ``xml:lang``, else
--src/--tgt; asking for the file's pair the other way round swaps source and target (as for PO).

Text and markup: g and mrk hold text; x, bx and ex are empty; bpt, ept, ph and it hold native
code and sub is a sub-flow, so their content is left out of the plain text, as the TMX reader
does. When a source or target has inline elements, its inner XML (namespace prefixes dropped) is
kept as markup. Whitespace: kept as is under ``xml:space="preserve"``; otherwise only layout is
trimmed, i.e. a run of whitespace at either end that holds a line break (a pretty-printed file's
indentation around the content). A plain space at either end is the translator's and is kept:
the whitespace check must see it. (Okapi's XLIFF filter, under its default
preserveSpaceByDefault=false, likewise keeps single spaces and folds only runs and breaks.)

Segmentation: when a unit has a ``<seg-source>`` with ``<mrk mtype="seg">`` (SDL Trados, MateCat,
Okapi), each mrk is one segment, paired with the target's mrk of the same ``mid``; the unit id is
then ``id/mid`` (``id`` alone when there is one mrk).

Status: ``approved="yes"`` → approved; else the target's ``state``: new / needs-translation →
new; needs-adaptation, needs-l10n, needs-review-* → fuzzy; translated → translated; signed-off
and final → approved; SDL's ``conf`` and memoQ's ``mq:status`` likewise. An empty target is
"new" whatever its state. Units with no text (only inline codes, as SDL's structure units) are
skipped: nothing in them can be looked up. ``translate="no"`` units are kept: CAT tools use it
for locked segments, whose translations are as good as any.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..fileio import Utf8Stream, reading, utf8_blocks
from ..langtags import resolve_pair
from ..model import Segment
from .base import ReadOptions, SegmentFormat
from .xmlutil import XML_LANG, XML_SPACE, inner_xml, local, needs_transcoding, syntax_error, text_of

NATIVE = frozenset({"bpt", "ept", "ph", "it", "sub"})  # content is code or a sub-flow, not text
STATES = {"new": "new", "needs-translation": "new", "needs-adaptation": "fuzzy",
          "needs-l10n": "fuzzy", "needs-review-adaptation": "fuzzy",
          "needs-review-l10n": "fuzzy", "needs-review-translation": "fuzzy",
          "translated": "translated", "signed-off": "approved", "final": "approved"}
SDL_CONF = {"draft": "draft", "translated": "translated", "rejectedtranslation": "rejected",
            "approvedtranslation": "reviewed", "rejectedsignoff": "rejected",
            "approvedsignoff": "approved"}
MEMOQ_STATUS = {"notstarted": "new", "editorconfirmed": "translated",
                "manuallyconfirmed": "translated", "partiallyedited": "draft",
                "pretranslated": "fuzzy", "machinetranslated": "fuzzy",
                "reviewer1confirmed": "reviewed", "proofread": "reviewed",
                "reviewer2confirmed": "approved", "rejected": "rejected"}


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if local(c.tag) == name]


def _preserves_space(element: etree._Element) -> bool:
    """Whether xml:space="preserve" applies to the element (set on it or an ancestor)."""
    node: etree._Element | None = element
    while node is not None:
        value = node.get(XML_SPACE)
        if value is not None:
            return value == "preserve"
        node = node.getparent()
    return False


def _text(element: etree._Element | None) -> tuple[str, str | None]:
    """(plain text, inner XML or None) of a source, target or mrk."""
    if element is None:
        return "", None
    text = text_of(element, NATIVE)
    markup = inner_xml(element)
    if not _preserves_space(element):
        text = trim_layout(text)
        markup = trim_layout(markup) if markup else markup
    return text, markup


def trim_layout(text: str) -> str:
    """Remove pretty-print indentation: whitespace at either end that holds a line break."""
    head = len(text) - len(text.lstrip())
    if "\n" in text[:head]:
        text = text[head:]
    tail = len(text.rstrip())
    if "\n" in text[tail:]:
        text = text[:tail]
    return text


def _attr(element: etree._Element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (mq:status, sdl:conf …)."""
    for key, value in element.attrib.items():
        if local(key) == name:
            return value
    return None


class XliffFormat(SegmentFormat):
    name = "xliff"
    extensions = (".xlf", ".xliff", ".sdlxliff", ".mqxliff")
    description = "XLIFF 1.0–1.2 (import only)"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return b"<xliff" in head.replace(b"\x00", b"")

    def read(self, path: str | Path, options: ReadOptions) -> Iterator[Segment]:
        with reading(path):
            if Path(path).stat().st_size == 0:
                raise InputError("empty file: no XLIFF content", path=path)
            handle = open(path, "rb")  # noqa: SIM115 (closed by the with below)
        with handle:
            first = handle.read(1 << 16)
            transcode = needs_transcoding(first, options.encoding)
            source = (Utf8Stream(utf8_blocks(handle, first, transcode)) if transcode
                      else str(path))
            events = etree.iterparse(source, events=("start", "end"), resolve_entities=False,
                                     no_network=True, huge_tree=True, remove_comments=True,
                                     encoding="utf-8" if transcode else None)
            reader = _XliffReader(path, options)
            try:
                for event, element in events:
                    yield from reader.handle(event, element)
            except etree.XMLSyntaxError as exc:
                raise syntax_error(exc, path) from None
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {transcode.name if transcode else 'utf-8'} "
                                 f"text: {exc.reason}", path=path) from None
        if not reader.root_seen:
            raise InputError("not an XLIFF file (no <xliff> element)", path=path)


class _XliffReader:
    """The state of one streamed read: the current <file>'s languages, the unit count."""

    def __init__(self, path: str | Path, options: ReadOptions) -> None:
        self.path = path
        self.options = options
        self.root_seen = False
        self.file: etree._Element | None = None
        self.position = 0

    def handle(self, event: str, element: etree._Element) -> Iterator[Segment]:
        name = local(element.tag)
        if event == "start":
            if not self.root_seen:
                self._check_root(element, name)
            elif name == "file":
                self.file = element
            return
        if name == "trans-unit":
            yield from self._unit(element)
        if name in ("trans-unit", "group", "file", "header"):
            # Done with it: free it and the finished siblings before it (memory stays flat).
            element.clear(keep_tail=True)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]

    def _check_root(self, element: etree._Element, name: str) -> None:
        self.root_seen = True
        if name != "xliff":
            raise InputError(f"not an XLIFF file (root element <{name}>)", path=self.path,
                             line=element.sourceline)
        if (element.get("version") or "").startswith("2"):
            raise InputError("XLIFF 2 is not supported: convert the file to XLIFF 1.2",
                             path=self.path, line=element.sourceline)

    def _languages(self, unit: etree._Element, target: etree._Element | None
                   ) -> tuple[str, str, bool]:
        file = self.file if self.file is not None else unit
        file_src = file.get("source-language") or ""
        file_tgt = file.get("target-language") or (
            target.get(XML_LANG) if target is not None else None) or ""
        if not file_src and not self.options.src:
            raise InputError("the <file> element does not say its source-language: give --src",
                             path=self.path, line=file.sourceline)
        if not file_tgt and not self.options.tgt:
            raise InputError("the <file> element does not say its target-language: give --tgt",
                             path=self.path, line=file.sourceline)
        return resolve_pair(file_src or None, file_tgt or None, self.options.src,
                            self.options.tgt)

    def _unit(self, unit: etree._Element) -> Iterator[Segment]:
        sources = _children(unit, "source")
        if not sources:
            self.options.warn(f"trans-unit {unit.get('id')} (line {unit.sourceline}): "
                              "no <source>; skipped")
            return
        targets = _children(unit, "target")
        target = targets[0] if targets else None
        src_lang, tgt_lang, reverse = self._languages(unit, target)
        notes = [text_of(n).strip() for n in _children(unit, "note")]
        props = [("x-file", self.file.get("original"))] if (
            self.file is not None and self.file.get("original")) else []
        if unit.get("resname"):
            props.append(("resname", unit.get("resname") or ""))
        for unit_id, source, target_el, status in self._pairs(unit, sources[0], target):
            src_text, src_markup = _text(source)
            tgt_text, tgt_markup = _text(target_el)
            if reverse:
                src_text, tgt_text = tgt_text, src_text
                src_markup, tgt_markup = tgt_markup, src_markup
            if not src_text.strip():
                continue  # only inline codes (or, reversed, no translation): nothing to look up
            self.position += 1
            yield Segment(
                source=src_text, target=tgt_text, source_lang=src_lang, target_lang=tgt_lang,
                unit_id=unit_id, position=self.position, source_markup=src_markup,
                target_markup=tgt_markup, status=status if tgt_text.strip() else "new",
                note="\n".join(n for n in notes if n) or None, props=list(props),
                line=unit.sourceline,
            )

    def _pairs(self, unit: etree._Element, source: etree._Element,
               target: etree._Element | None
               ) -> Iterator[tuple[str | None, etree._Element, etree._Element | None, str]]:
        """(unit id, source, target, status) per segment of the unit."""
        unit_id = unit.get("id")
        status = self._status(unit, target)
        seg_sources = _children(unit, "seg-source")
        src_mrks = [m for m in seg_sources[0].iter() if local(m.tag) == "mrk"
                    and m.get("mtype") == "seg"] if seg_sources else []
        if not src_mrks:
            yield unit_id, source, target, status
            return
        tgt_mrks = {m.get("mid"): m for m in target.iter() if local(m.tag) == "mrk"
                    and m.get("mtype") == "seg"} if target is not None else {}
        sdl_conf = {s.get("id"): _attr(s, "conf") for s in unit.iter()
                    if local(s.tag) == "seg" and s is not unit}
        for mrk in src_mrks:
            mid = mrk.get("mid")
            conf = (sdl_conf.get(mid) or "").lower()
            mrk_id = unit_id if len(src_mrks) == 1 else f"{unit_id}/{mid}"
            yield mrk_id, mrk, tgt_mrks.get(mid), SDL_CONF.get(conf, status)

    @staticmethod
    def _status(unit: etree._Element, target: etree._Element | None) -> str:
        if unit.get("approved") == "yes":
            return "approved"
        state = target.get("state") if target is not None else None
        if state in STATES:
            return STATES[state]
        memoq = (_attr(unit, "status") or "").lower()
        if memoq in MEMOQ_STATUS:
            return MEMOQ_STATUS[memoq]
        return "translated"

"""Pre-translation patches for TMX: fill the target ``<tuv>`` of the units that lack one.

The source language is the header's ``srclang``; the target language the other language the
file's units use (or the one the caller sets). A unit whose target ``<tuv>`` is missing gets
one after its source ``<tuv>``; one whose ``<seg>`` is empty gets it filled. A fuzzy or
repaired fill carries ``<prop type="x-tm-match">fuzzy 87</prop>`` and a ``<note>`` with the
score, origin and repair inside the new ``<tuv>`` (the DTD allows note and prop before
``<seg>``); an exact fill is plain. A source with inline codes is not filled.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from .. import langtags
from .patch_base import Decoded, Edit, Fill, Slot, Unit, decode_file, line_of
from .xmlutil import escape_text, quote_attr

_TU = re.compile(r"<tu\b[^>]*>.*?</tu\s*>", re.DOTALL)
_TUV = re.compile(r"([ \t]*)<tuv\b([^>]*)>(.*?)</tuv\s*>", re.DOTALL)
_SEG = re.compile(r"<seg\b[^>]*>(.*?)</seg\s*>|<seg\b[^>]*/>", re.DOTALL)
_LANG = re.compile(r"""\b(?:xml:)?lang\s*=\s*["']([^"']*)["']""")
_SRCLANG = re.compile(r"""<header\b[^>]*?\bsrclang\s*=\s*["']([^"']*)["']""", re.DOTALL)
_TUID = re.compile(r"""\btuid\s*=\s*["']([^"']*)["']""")
_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and langtags.primary(a) == langtags.primary(b)


class TmxPatch:
    def __init__(self, data: bytes, path: str | Path, target_lang: str | None = None) -> None:
        declared = _DECLARED.match(data)
        self.decoded: Decoded = decode_file(
            data, path, declared.group(1).decode("ascii") if declared else None)
        text = self.decoded.text
        found = _SRCLANG.search(text)
        self.source_lang = found.group(1) if found and found.group(1) != "*all*" else None
        units = list(_TU.finditer(text))
        self.target_lang = target_lang or self._other_language(units)
        self.spans: list[tuple[int, re.Match[str], re.Match[str] | None]] = []
        self.units: list[Unit] = []
        for unit in units:
            self._read(text, unit)

    def _other_language(self, units: list[re.Match[str]]) -> str | None:
        for unit in units[:1000]:
            for tuv in _TUV.finditer(unit.group(0)):
                lang = _LANG.search(tuv.group(2))
                if lang and not _same(lang.group(1), self.source_lang):
                    return lang.group(1)
        return None

    def _tuvs(self, body: str) -> tuple[re.Match[str] | None, re.Match[str] | None]:
        source = target = None
        for tuv in _TUV.finditer(body):
            lang = _LANG.search(tuv.group(2))
            code = lang.group(1) if lang else None
            if source is None and _same(code, self.source_lang):
                source = tuv
            elif target is None and _same(code, self.target_lang):
                target = tuv
        return source, target

    def _read(self, text: str, unit: re.Match[str]) -> None:
        source, target = self._tuvs(unit.group(0))
        if source is None:
            return
        seg = _SEG.search(source.group(3))
        inner = (seg.group(1) or "") if seg else ""
        target_seg = _SEG.search(target.group(3)) if target else None
        tuid = _TUID.search(unit.group(0)[: unit.group(0).find(">")])
        line = line_of(text, unit.start())
        self.spans.append((unit.start(), source, target))
        self.units.append(Unit(
            key=tuid.group(1) if tuid else f"line {line}", line=line,
            slots=[Slot(html.unescape(inner) if "<" not in inner else "",
                        html.unescape((target_seg.group(1) or "") if target_seg else ""))],
            skip="inline codes" if "<" in inner else None))

    def edits(self, index: int, fills: list[Fill | None]) -> list[Edit]:
        fill = fills[0]
        if fill is None:
            return []
        base, source, target = self.spans[index]
        marks = "" if fill.final else (
            f'<prop type="x-tm-match">{"repaired" if fill.changes else "fuzzy"} '
            f"{fill.match_score}</prop><note>{escape_text(fill.comment())}</note>")
        seg = f"{marks}<seg>{escape_text(fill.text)}</seg>"
        if target is not None:
            inner = _SEG.search(target.group(3))
            start = base + target.start(3) + (inner.start() if inner else 0)
            end = base + target.start(3) + (inner.end() if inner else len(target.group(3)))
            return [(start, end, seg)]
        indent = source.group(1)
        tuv = f"<tuv xml:lang={quote_attr(self.target_lang or 'und')}>{seg}</tuv>"
        return [(base + source.end(), base + source.end(),
                 ("\n" + indent if indent else "") + tuv)]

"""Pre-translation patches for XLIFF 1.2: write ``<target>`` of the trans-units filled.

Each ``<trans-unit>`` is found by its span in the text; inside it the first ``<source>``
(the unit's own, before any ``<alt-trans>``) and the ``<target>`` that follows it. A fill
replaces that target element, or inserts one after ``</source>`` (``</seg-source>``) with the
source's indentation; nothing else of the file is rewritten. States (XLIFF 1.2, 2.12/2.13):
an exact match ``state="translated" state-qualifier="exact-match"``; a fuzzy or repaired one
``state="needs-review-translation" state-qualifier="fuzzy-match"`` followed by the TM match as
``<alt-trans match-quality="87" origin="tm">`` (what OmegaT and Okapi show as a match) and a
``<note from="tm">`` with the score and any repair. A source with inline codes (``<g>``,
``<x/>``, ``<ph>`` …) is not filled: a plain-text match would drop them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from .patch_base import Decoded, Edit, Fill, Slot, Unit, decode_file, line_of
from .xmlutil import escape_text, quote_attr

_UNIT = re.compile(r"<trans-unit\b[^>]*>.*?</trans-unit\s*>", re.DOTALL)
_SOURCE = re.compile(r"([ \t]*)<source\b[^>]*>(.*?)</source\s*>|([ \t]*)<source\b[^>]*/>",
                     re.DOTALL)
_SEG_SOURCE = re.compile(r"<seg-source\b.*?</seg-source\s*>", re.DOTALL)
_TARGET = re.compile(r"<target\b([^>]*?)(?:/>|>(.*?)</target\s*>)", re.DOTALL)
_ATTR = re.compile(r"""\s+([\w:.-]+)\s*=\s*("[^"]*"|'[^']*')""")
_ID = re.compile(r"""\bid\s*=\s*["']([^"']*)["']""")
_NOT_TRANSLATABLE = re.compile(r"""\btranslate\s*=\s*["']no["']""")
_FILE = re.compile(r"<file\b[^>]*>")
_LANG = re.compile(r"""\b(source|target)-language\s*=\s*["']([^"']*)["']""")
_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


def plain(inner: str) -> str | None:
    """The text of a ``<source>`` without markup, or None when it has inline codes."""
    if "<" in inner.replace("<![CDATA[", "").replace("]]>", ""):
        return None
    return html.unescape(inner.replace("<![CDATA[", "").replace("]]>", ""))


class XliffPatch:
    def __init__(self, data: bytes, path: str | Path) -> None:
        declared = _DECLARED.match(data)
        self.decoded: Decoded = decode_file(
            data, path, declared.group(1).decode("ascii") if declared else None)
        text = self.decoded.text
        head = _FILE.search(text)
        langs = dict(_LANG.findall(head.group(0))) if head else {}
        self.source_lang, self.target_lang = langs.get("source"), langs.get("target")
        # (unit offset, the source's indentation, where a new target goes, the target)
        self.spans: list[tuple[int, str, int, re.Match[str] | None]] = []
        self.units: list[Unit] = []
        for unit in _UNIT.finditer(text):
            self._read(text, unit)

    def _read(self, text: str, unit: re.Match[str]) -> None:
        body = unit.group(0)
        source = _SOURCE.search(body)
        if source is None:
            return
        alt = body.find("<alt-trans", source.end())
        after = _SEG_SOURCE.search(body, source.end())
        search_from = after.end() if after and (alt < 0 or after.start() < alt) else source.end()
        target = _TARGET.search(body, search_from, alt if alt >= 0 else len(body))
        inner = source.group(2) or ""
        text_of_source = plain(inner)
        target_text = html.unescape(target.group(2) or "") if target else ""
        opening = body[: body.find(">")]
        ident = _ID.search(opening)
        if _NOT_TRANSLATABLE.search(opening):
            text_of_source = None
            skip = "translate=no"
        else:
            skip = None if text_of_source is not None else "inline codes"
        indent = source.group(1) if source.group(1) is not None else source.group(3) or ""
        self.spans.append((unit.start(), indent, search_from, target))
        self.units.append(Unit(
            key=ident.group(1) if ident else f"line {line_of(text, unit.start())}",
            line=line_of(text, unit.start()),
            slots=[Slot(text_of_source or "", target_text)],
            skip=skip))

    def edits(self, index: int, fills: list[Fill | None]) -> list[Edit]:
        fill = fills[0]
        if fill is None:
            return []
        base, indent, insert_at, target = self.spans[index]
        element = self._target(fill, target.group(1) if target else "")
        extra = "" if fill.final else self._review(fill, indent)
        if target is not None:
            return [(base + target.start(), base + target.end(), element + extra)]
        newline = "\n" + indent if indent else ""
        return [(base + insert_at, base + insert_at, newline + element + extra)]

    @staticmethod
    def _target(fill: Fill, attrs: str) -> str:
        kept = [(k, v) for k, v in _ATTR.findall(attrs) if k not in ("state", "state-qualifier")]
        state = ("translated", "exact-match") if fill.final else (
            "needs-review-translation", "fuzzy-match")
        shown = "".join(f" {k}={v}" for k, v in kept)
        return (f'<target{shown} state="{state[0]}" state-qualifier="{state[1]}">'
                f"{escape_text(fill.text)}</target>")

    @staticmethod
    def _review(fill: Fill, indent: str) -> str:
        """The TM match as an alt-trans, and a note saying what it is (for the reviewer)."""
        newline = "\n" + indent if indent else ""
        alt = (f'<alt-trans match-quality="{fill.match_score}" origin='
               f'{quote_attr(fill.origin or "tm")}><source>{escape_text(fill.match_source)}'
               f"</source><target>{escape_text(fill.match_target)}</target></alt-trans>")
        return f'{newline}{alt}{newline}<note from="tm">{escape_text(fill.comment())}</note>'

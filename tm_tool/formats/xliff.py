"""XLIFF 1.0–1.2 import: each trans-unit's source and target.

Inline codes: g and mrk hold text; x, bx, ex are empty; bpt, ept, ph, it hold native code and
sub is a sub-flow, so their content is left out of the plain text (as for TMX). The inner XML
is kept as markup. ``state`` maps to a status (new / needs-translation → new; needs-* → fuzzy;
translated → translated; signed-off, final, or approved="yes" → approved).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .. import langtags
from ..errors import InputError
from ..model import Segment
from .base import ReadOptions, SegmentFormat
from .xmlutil import inner_xml, local, parse, text_of

NATIVE = frozenset({"bpt", "ept", "ph", "it", "sub"})
STATES = {"new": "new", "needs-translation": "new", "needs-adaptation": "fuzzy",
          "needs-l10n": "fuzzy", "needs-review-adaptation": "fuzzy",
          "needs-review-l10n": "fuzzy", "needs-review-translation": "fuzzy",
          "translated": "translated", "signed-off": "approved", "final": "approved"}


class XliffFormat(SegmentFormat):
    name = "xliff"
    extensions = (".xlf", ".xliff", ".sdlxliff", ".mqxliff")
    description = "XLIFF 1.0–1.2 (import only)"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return b"<xliff" in head.replace(b"\x00", b"")

    def read(self, path: str | Path, options: ReadOptions) -> Iterator[Segment]:
        root = parse(path, "XLIFF").getroot()
        if local(root.tag) != "xliff":
            raise InputError(f"not an XLIFF file (root element <{local(root.tag)}>)", path=path)
        position = 0
        for file_element in (e for e in root.iter() if local(e.tag) == "file"):
            src = options.src or file_element.get("source-language") or ""
            tgt = options.tgt or file_element.get("target-language") or ""
            if not src or not tgt:
                raise InputError("the <file> element does not say its source-language and "
                                 "target-language: give --src and --tgt", path=path,
                                 line=file_element.sourceline)
            for unit in (e for e in file_element.iter() if local(e.tag) == "trans-unit"):
                source = next((c for c in unit if local(c.tag) == "source"), None)
                if source is None:
                    options.warn(f"trans-unit {unit.get('id')}: no <source>; skipped")
                    continue
                target = next((c for c in unit if local(c.tag) == "target"), None)
                position += 1
                state = target.get("state") if target is not None else None
                status = "approved" if unit.get("approved") == "yes" else STATES.get(
                    state or "", "translated" if target is not None else "new")
                notes = [text_of(n).strip() for n in unit if local(n.tag) == "note"]
                yield Segment(
                    source=text_of(source, NATIVE),
                    target=text_of(target, NATIVE) if target is not None else "",
                    source_lang=_tag(src), target_lang=_tag(tgt),
                    unit_id=unit.get("id"), position=position,
                    source_markup=inner_xml(source),
                    target_markup=inner_xml(target) if target is not None else None,
                    status=status, note="\n".join(n for n in notes if n) or None,
                    line=unit.sourceline,
                )


def _tag(tag: str) -> str:
    return langtags.normalize(tag) if langtags.is_valid(tag) else tag

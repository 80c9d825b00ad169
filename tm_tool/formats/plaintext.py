"""Plain text: one segment per line (hypotheses and references for ``tm score``), or a document
split into sentences (:func:`read_sentences`, for ``tm analyze``).

A line file carries only translations: each line becomes a segment whose target is the line,
whose source is empty and whose position is the line number, so it pairs with another file
line by line. Blank lines are kept (an empty hypothesis is a real, bad translation).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..fileio import read_text
from ..model import Segment
from .base import ReadOptions, SegmentFormat


class PlainTextFormat(SegmentFormat):
    name = "text"
    extensions = (".txt",)
    description = "plain text, one segment per line"

    def read(self, path: str | Path, options: ReadOptions) -> Iterator[Segment]:
        text = read_text(path, options.encoding)
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for number, line in enumerate(lines, start=1):
            yield Segment(source="", target=line.rstrip("\r"), source_lang=options.src or "",
                          target_lang=options.tgt or "", position=number, line=number)


def read_sentences(path: str | Path, options: ReadOptions) -> Iterator[Segment]:
    """A plain-text document to translate: its sentences (tm_tool.segmentation) as sources, in
    the language ``options.src`` names (else each paragraph's own), each with the line it
    starts on. What ``tm analyze`` reads from a ``.txt`` file."""
    from ..segmentation import split_sentences  # (only this reader needs it)

    text = read_text(path, options.encoding)
    line, counted_to = 1, 0
    for number, span in enumerate(split_sentences(text, options.src), start=1):
        line += text.count("\n", counted_to, span.start)
        counted_to = span.start
        yield Segment(source=span.text, target="", source_lang=options.src or "",
                      target_lang=options.tgt or "", position=number, line=line)

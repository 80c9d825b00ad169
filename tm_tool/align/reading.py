"""Reading the two documents of an alignment: plain text in UTF-8 (or a BOM's or --encoding's
encoding), paragraphs between blank lines, sentences by tm_tool.segmentation — or, with
``lines``, one sentence per line (blank lines skipped; ids stay the line numbers' order)."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..fileio import decode, read_bytes, sniff_encoding
from ..segmentation import paragraphs, split_sentences
from .aligner import Document

_LINE_BREAK = re.compile(r"[ \t]*\r?\n[ \t]*")
MAX_LINE = 200_000  # characters in one line of the file
MAX_SENTENCE = 20_000  # characters: longer is no sentence (a binary or a one-line dump)


def _refuse_binary(data: bytes, path: str | Path) -> None:
    encoding = sniff_encoding(data[:4])
    if encoding.origin in ("bom", "pattern") and not encoding.is_utf8:
        return  # UTF-16/32 text has NUL bytes of its own
    if b"\x00" in data[:1 << 16]:
        raise InputError("looks like a binary file (NUL bytes), not plain text", path=path)


def read_text_document(path: str | Path, encoding: str | None = None) -> str:
    data = read_bytes(path)
    _refuse_binary(data, path)
    return decode(data, path, encoding)


def _refuse_long_lines(text: str, path: str | Path) -> None:
    """A line of megabytes is a dump, not prose: refused before any splitting looks at it."""
    longest = max(map(len, text.split("\n")), default=0)
    if longest > MAX_LINE:
        raise InputError(f"has a line of {longest:,} characters, more than {MAX_LINE:,}: "
                         "not a text of sentences", path=path)


def parse_document(text: str, lang: str, path: str | Path, *, lines: bool = False) -> Document:
    """The document's paragraphs of sentences; an empty document is an error."""
    _refuse_long_lines(text, path)
    if lines:
        sentences = [line.strip().replace("\t", " ") for line in text.split("\n")]
        if sentences and not sentences[-1]:
            sentences.pop()
        document = Document([sentences]) if any(sentences) else Document([])
    else:
        joiner = "" if lang == "zh" else " "  # a wrapped line's break is no character
        document = Document([[_LINE_BREAK.sub(joiner, s.text).replace("\t", " ") for s in
                              split_sentences(p.text, lang)] for p in paragraphs(text)])
    if not document.sentences or not any(s.strip() for s in document.sentences):
        raise InputError(f"no {'Chinese' if lang == 'zh' else 'English'} text to align "
                         "(empty file)", path=path)
    for number, sentence in enumerate(document.sentences):
        if len(sentence) > MAX_SENTENCE:
            where = f"line {number + 1}" if lines else f"sentence {number + 1}"
            raise InputError(f"{where} has {len(sentence):,} characters, more than "
                             f"{MAX_SENTENCE:,}: not a text of sentences", path=path)
    return document


def read_document(path: str | Path, lang: str, *, lines: bool = False,
                  encoding: str | None = None) -> Document:
    return parse_document(read_text_document(path, encoding), lang, path, lines=lines)

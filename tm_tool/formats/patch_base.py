"""What the patch-writers share: the units of a file that a pre-translation may fill, the fill
itself, and splicing edits into the original text so that every byte outside them is kept.

A patch-writer (patch_po, patch_xliff, patch_tmx, patch_tsv) reads a file's text into
:class:`Unit` records that know where their target sits in that text, and turns a list of
:class:`Fill` into edits: (start, end, replacement) on the decoded text. Nothing else of the
file is re-serialised, so comments, wrapping, attribute order and line endings survive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..fileio import decode_as, sniff_encoding

KINDS = ("exact", "fuzzy", "repaired")


@dataclass
class Slot:
    """One target field of a unit: a PO plural entry has one per msgstr[n]."""

    source: str  # the plain source text that is looked up
    target: str  # the target as the file has it ('' when empty)


@dataclass
class Unit:
    key: str  # how the report names the unit (its id, context or line)
    line: int  # 1-based line where the unit starts
    slots: list[Slot]
    skip: str | None = None  # why the unit cannot be filled (inline codes …), else None

    @property
    def empty(self) -> bool:
        return all(not s.target.strip() for s in self.slots)


@dataclass
class Fill:
    """What goes into one slot."""

    text: str
    kind: str  # exact | fuzzy | repaired
    score: int  # the score the match is shown with (a repaired match: 100)
    match_score: int  # the lookup's own score
    origin: str | None = None
    match_source: str = ""
    match_target: str = ""
    changes: list[tuple[str, str]] = field(default_factory=list)  # repaired: (old, new)
    lang: str | None = None  # the language of the text

    @property
    def final(self) -> bool:
        return self.kind == "exact"

    def comment(self) -> str:
        """'tm: fuzzy 87% from demo.tmx; repaired: 14th → 15th' (for comments and notes)."""
        kind = "exact" if self.final else "fuzzy"
        text = f"tm: {kind} {self.match_score}%"
        if self.origin:
            text += f" from {self.origin}"
        if self.changes:
            text += "; repaired: " + ", ".join(f"{a} → {b}" for a, b in self.changes)
        return text


Edit = tuple[int, int, str]


def splice(text: str, edits: list[Edit]) -> str:
    """``text`` with each (start, end) replaced; edits must not overlap (insertions at one
    point keep their order)."""
    pieces, last = [], 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < last:
            raise ValueError("overlapping edits")
        pieces += [text[last:start], replacement]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


@dataclass
class Decoded:
    """A file's text and how to encode it back byte for byte (its BOM, its codec)."""

    text: str
    codec: str
    bom: bytes

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec)


def decode_file(data: bytes, path: str | Path, declared: str | None = None) -> Decoded:
    """Decode with the encoding rule every reader uses (fileio.sniff_encoding); the output is
    encoded back with the same codec and BOM, so that unchanged bytes stay unchanged."""
    found = sniff_encoding(data[:4], declared=declared)
    return Decoded(decode_as(data[found.bom:], path, found.name), found.name,
                   data[:found.bom])


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text[:10000] else "\n"

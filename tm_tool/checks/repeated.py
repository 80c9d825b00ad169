"""repeated-word: a word typed twice ("the the") in the target, when the source has no such
doubling. Latin-script words only: Chinese doubles characters on purpose (看看, 常常, 人人,
的的确确, and 目的的 is 目的 + 的), so a repeated character is never provably a typo."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from .base import Context, Finding, Unit, UnitCheck

# a word, spaces or tabs (not a line break: a wrapped line may repeat a word), the same word
_REPEATED = re.compile(r"(?<![\w-])([A-Za-z]+)[ \t]+\1(?![\w-])", re.IGNORECASE)
# doublings English grammar allows: "had had", "that that", "is is" in "what it is is …"
ALLOWED = frozenset({"had", "that", "is", "do", "can", "bye", "ha", "no", "yeah", "very",
                     "so", "really", "far", "many", "more", "again", "over", "round", "on"})


# ASCII letters lower-cased, everything else a space: the words of an ASCII text, split()
_LETTERS = str.maketrans({ch: ch.lower() if ch.isalpha() else " "
                          for ch in map(chr, range(128)) if not ch.islower()})


# the same for the bytes of an ASCII text (bytes.translate with a table: several times faster)
_LETTER_BYTES = bytes(ord(_LETTERS.get(code, chr(code))) if code < 128 else code
                      for code in range(256))


def _may_repeat(text: str) -> bool:
    """False when ``text`` surely has no word typed twice: in an ASCII text, a doubled word
    is two equal words in a row (found in C; the pattern costs more than all of this). Other
    text goes to the pattern ([A-Za-z] matches K, ſ, İ and ı under IGNORECASE)."""
    if not text.isascii():
        return True
    words = text.encode("ascii").translate(_LETTER_BYTES).split()
    return any(map(bytes.__eq__, words, words[1:]))


def repeated_words(text: str) -> list[re.Match[str]]:
    if not _may_repeat(text):
        return []
    return [m for m in _REPEATED.finditer(text) if m.group(1).lower() not in ALLOWED]


def _may_find(unit: Unit) -> bool:
    target = unit.segment.target  # (as RepeatedWordCheck.check's first lines)
    return (" " in target or "\t" in target) and _may_repeat(target)


class RepeatedWordCheck(UnitCheck):
    codes = ("repeated-word",)
    severity: ClassVar[dict[str, str]] = {"repeated-word": "warning"}
    description = "no word typed twice"
    may_find = staticmethod(_may_find)

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        seg = unit.segment
        if " " not in seg.target and "\t" not in seg.target:
            return
        repeated = repeated_words(seg.target)
        if not repeated:
            return
        in_source = {m.group(1).lower() for m in repeated_words(seg.source)}
        for m in repeated:
            if m.group(1).lower() not in in_source:
                yield self.finding("repeated-word", unit,
                                   f'"{m.group()}": the word "{m.group(1)}" is repeated',
                                   found=m.group(), span=m.span())
                return  # one finding per unit is enough to send the reviewer there

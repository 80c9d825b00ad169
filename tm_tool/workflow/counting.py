"""What a segment counts for in an analysis: Chinese characters and words, as CAT tools count.

* ``zh_chars``: every Han character counts one (text.HAN_RANGES, 〇 included), as Trados and
  OmegaT count Chinese;
* ``en_words``: every run of letters and digits outside the Han characters counts one word, as
  Trados counts: a hyphen, apostrophe, full stop or comma between two letters or digits does
  not split it (e-mail, don't, U.S, 1,000.5 and COVID-19 are one word each), so a number is
  one word; punctuation and symbols alone count nothing (a placeholder counts by its letters:
  %s and {0} are one word). Inline tags are not part of a segment's text and count nothing.

A Chinese sentence with Latin words (2025年, COVID-19) counts both: its Han characters and its
other words, as Trados's word count of Chinese does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import HAN_CLASS

_HAN = re.compile(f"[{HAN_CLASS}]")
_WORD = re.compile(rf"[^\W_{HAN_CLASS}]+(?:['’.,\-‐][^\W_{HAN_CLASS}]+)*")


@dataclass
class Counts:
    segments: int = 0
    zh_chars: int = 0
    en_words: int = 0

    def add(self, other: Counts) -> None:
        self.segments += other.segments
        self.zh_chars += other.zh_chars
        self.en_words += other.en_words

    def as_dict(self) -> dict[str, int]:
        return {"segments": self.segments, "zh_chars": self.zh_chars, "en_words": self.en_words}


def count(text: str) -> Counts:
    """What one segment of ``text`` counts for."""
    return Counts(1, len(_HAN.findall(text)), len(_WORD.findall(text)))

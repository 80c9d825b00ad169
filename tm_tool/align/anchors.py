"""The strongest evidence an official text has: the controlled glossary's concepts (两个确立 ↔
"Two Establishments") and sentence pairs the memory already holds. Both become items that the
two sides share (features.Extras): ``@concept-key`` where a side contains one of the concept's
terms, ``!segment-id`` where a Chinese sentence is a TM source whose target is an English
sentence of the document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..model import Concept, Segment
from ..termmatch import Termbase
from ..text import match_key
from .features import Extras


class Memory(Protocol):  # what anchors need of a store
    def concepts(self) -> list[Concept]: ...

    def segments_with_source_key(self, key: str) -> list[Segment]: ...


def glossary_items(concepts: Sequence[Concept], zh: Sequence[str], en: Sequence[str]
                   ) -> tuple[list[list[str]], list[list[str]]]:
    """Per sentence, the concepts found in it (only concepts found on both sides count)."""
    if not concepts:
        return [], []
    termbase = Termbase(concepts)
    zh_found = [sorted({f"@{hit.concept.key}" for hit in termbase.scan(text)}) for text in zh]
    scanner = termbase.english_scanner
    en_found = [sorted({f"@{concept.key}" for concept, _ in scanner.find(text)}) for text in en]
    both = {x for found in zh_found for x in found} & {x for found in en_found for x in found}
    return ([[x for x in found if x in both] for found in zh_found],
            [[x for x in found if x in both] for found in en_found])


def memory_items(memory: Memory, zh: Sequence[str], en: Sequence[str]
                 ) -> tuple[list[list[str]], list[list[str]]]:
    """Per sentence, the TM segments pairing a Chinese sentence with an English one."""
    en_at: dict[str, list[int]] = {}
    for j, text in enumerate(en):
        en_at.setdefault(match_key(text), []).append(j)
    zh_items: list[list[str]] = [[] for _ in zh]
    en_items: list[list[str]] = [[] for _ in en]
    for i, text in enumerate(zh):
        if not text.strip():
            continue
        for seg in memory.segments_with_source_key(match_key(text)):
            for j in en_at.get(match_key(seg.target), []):
                item = f"!{seg.id}"
                zh_items[i].append(item)
                en_items[j].append(item)
    return zh_items, en_items


def extras_from(memory: Memory | None, zh: Sequence[str], en: Sequence[str]) -> Extras:
    if memory is None:
        return Extras()
    zh_terms, en_terms = glossary_items(memory.concepts(), zh, en)
    zh_anchors, en_anchors = memory_items(memory, zh, en)
    return Extras(zh_terms, en_terms, zh_anchors, en_anchors)

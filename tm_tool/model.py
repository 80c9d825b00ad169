"""The data that flows through tm_tool: segments and glossary concepts.

Format readers produce these, the store keeps them, lookup/checks read them, writers emit them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .langtags import primary

# Segment workflow states, from least to most trusted. XLIFF/PO states map onto these.
SEGMENT_STATUSES = ("new", "draft", "fuzzy", "translated", "reviewed", "approved", "rejected")
# Term statuses (TBX-Basic administrativeStatus; superseded is read as deprecated).
TERM_STATUSES = ("preferred", "admitted", "deprecated")


@dataclass
class Segment:
    """One translation unit: a source sentence and its translation."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str | None = None  # document the segment comes from
    position: int | None = None  # 1-based place in that document
    unit_id: str | None = None  # id in the file: TMX tuid, XLIFF id, PO msgctxt, TSV id
    # Inline markup as imported (the inner XML of <seg>/<source>), None for plain text.
    source_markup: str | None = None
    target_markup: str | None = None
    created_at: str | None = None  # ISO 8601 UTC, 'YYYY-MM-DDTHH:MM:SSZ'
    changed_at: str | None = None
    creator: str | None = None
    changer: str | None = None
    usage_count: int = 0
    status: str = "translated"
    note: str | None = None
    props: list[tuple[str, str]] = field(default_factory=list)  # (type, value), order kept
    line: int | None = None  # line in the file where the unit starts (messages only)
    id: int | None = None  # database id, when the segment came from the store

    def place(self) -> str:
        """How a report names this unit: its id in the file, else its line, else its DB id."""
        if self.unit_id:
            return self.unit_id
        if self.line is not None:
            return f"line {self.line}"
        if self.id is not None:
            return f"#{self.id}"
        return "?"


@dataclass
class Term:
    """One designation of a concept in one language."""

    text: str
    lang: str
    status: str = "preferred"
    # None: decided from the text (a rendering with capitals beyond its first letter is
    # case-sensitive, others are not); True/False: as the glossary says.
    case_sensitive: bool | None = None
    pos: str | None = None  # part of speech
    note: str | None = None


@dataclass
class Concept:
    """A glossary entry: one meaning, its terms in each language."""

    key: str  # stable id ('two-establishments'), unique in the glossary
    terms: list[Term] = field(default_factory=list)
    definition: str | None = None
    note: str | None = None
    subject: str | None = None
    line: int | None = None  # where the entry starts in its file (messages only)

    def terms_in(self, lang: str, statuses: tuple[str, ...] = TERM_STATUSES) -> list[Term]:
        """Terms whose language is ``lang`` (compared on the language subtag)."""
        want = primary(lang)
        return [t for t in self.terms if primary(t.lang) == want and t.status in statuses]

    def preferred(self, lang: str) -> Term | None:
        found = self.terms_in(lang, ("preferred",))
        return found[0] if found else None

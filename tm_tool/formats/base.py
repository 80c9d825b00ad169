"""What every file format implements.

One module per format (tmx.py, po.py, xliff.py, tsv.py, tbx.py, glossary_table.py, …), each a
small class behind these bases, registered in ``formats/__init__.py``. Readers stream: they yield
one :class:`~tm_tool.model.Segment` (or Concept) at a time, so a million-unit file is never held
whole.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..model import Concept, Segment


def ignore_warning(message: str) -> None:
    """The default ``warn``: the library prints nothing; the CLI passes one that does."""


@dataclass
class ReadOptions:
    """How to read a bilingual file."""

    src: str | None = None  # wanted source language; None: the file's own source language
    tgt: str | None = None  # wanted target language; None: the other language in the file
    strict: bool = False  # stop at the first broken unit instead of skipping it
    encoding: str | None = None  # override the file's declared encoding
    keep_untranslated: bool = False  # import units whose target is empty
    # Told of what a reader skipped or guessed (a unit with no target language, a charset
    # assumed); the CLI prints it as "tm: warning: …".
    warn: Callable[[str], None] = field(default=ignore_warning)


@dataclass
class WriteOptions:
    """How to write a bilingual file."""

    src_lang: str = "zh-CN"
    tgt_lang: str = "en"
    # Give bare zh/en a region (zh-CN, en-US) instead of writing the tags as imported.
    normalize_tags: bool = False
    # Free-form extras a writer may use (e.g. creation tool name); unknown keys are ignored.
    extra: dict[str, str] = field(default_factory=dict)
    # Told of what a writer had to change (a PO entry written as fuzzy …).
    warn: Callable[[str], None] = field(default=ignore_warning)


class SegmentFormat(ABC):
    """A bilingual file format: reads (and maybe writes) segments."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]  # lower-case, with the dot: ('.tmx',)
    description: ClassVar[str] = ""

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """Whether the first bytes of a file look like this format (for unknown extensions)."""
        return False

    @abstractmethod
    def read(self, path: str | Path, options: ReadOptions) -> Iterator[Segment]:
        """Yield the file's segments in file order. Raise InputError for a broken file."""

    def write(self, segments: Iterable[Segment], path: str | Path, options: WriteOptions) -> int:
        """Write segments (atomically); return how many were written."""
        raise NotImplementedError(f"{self.name} files cannot be written")

    @property
    def can_write(self) -> bool:
        return type(self).write is not SegmentFormat.write


class GlossaryFormat(ABC):
    """A terminology file format: reads (and maybe writes) concepts."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    description: ClassVar[str] = ""

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return False

    @abstractmethod
    def read(self, path: str | Path, options: ReadOptions) -> Iterator[Concept]:
        """Yield the file's concepts. Raise InputError for a broken file."""

    def write(self, concepts: Iterable[Concept], path: str | Path, options: WriteOptions) -> int:
        raise NotImplementedError(f"{self.name} glossaries cannot be written")

    @property
    def can_write(self) -> bool:
        return type(self).write is not GlossaryFormat.write

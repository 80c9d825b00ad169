"""File formats, chosen by name, by extension, or by sniffing the content."""

from __future__ import annotations

import importlib
from pathlib import Path

from ..errors import InputError, UsageError
from .base import GlossaryFormat, ReadOptions, SegmentFormat, WriteOptions

# name -> ("module:Class", extensions). Modules are imported on first use, so that `tm --help`
# stays fast and a file named by its extension loads only its own format; each class repeats
# its extensions (tests/test_bad_input.py checks that they agree).
_SEGMENT_FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "tsv": ("tsv:TsvFormat", (".tsv", ".tab")),
    "csv": ("tsv:CsvFormat", (".csv",)),
    "tmx": ("tmx:TmxFormat", (".tmx",)),
    "po": ("po:PoFormat", (".po", ".pot")),
    "xliff": ("xliff:XliffFormat", (".xlf", ".xliff", ".sdlxliff", ".mqxliff")),
    "text": ("plaintext:PlainTextFormat", (".txt",)),
}
_GLOSSARY_FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "tsv": ("glossary_table:TsvGlossaryFormat", (".tsv", ".tab", ".utf8", ".txt")),
    "csv": ("glossary_table:CsvGlossaryFormat", (".csv",)),
    "tbx": ("tbx:TbxFormat", (".tbx",)),
    "tbx3": ("tbx:Tbx3Format", ()),
}


def _load(table: dict[str, tuple[str, tuple[str, ...]]], name: str):
    module_name, cls_name = table[name][0].split(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, cls_name)()


def segment_format_names() -> list[str]:
    return list(_SEGMENT_FORMATS)


def glossary_format_names() -> list[str]:
    return list(_GLOSSARY_FORMATS)


def _by_extension(table: dict[str, tuple[str, tuple[str, ...]]], path: str | Path) -> str | None:
    """The format a file's name says (its last known extension: a.tmx.po is PO)."""
    for suffix in reversed([s.lower() for s in Path(str(path)).suffixes]):
        for name, (_, extensions) in table.items():
            if suffix in extensions:
                return name
    return None


def _by_content(table: dict[str, tuple[str, tuple[str, ...]]], path: str | Path) -> str | None:
    """The format whose sniff recognises the file's first bytes."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        head = b""
    return next((name for name in table if _load(table, name).sniff(head)), None)


def _pick(table: dict[str, tuple[str, tuple[str, ...]]], path: str | Path, forced: str | None,
          what: str, reading: bool):
    if reading and str(path) != "-":
        if Path(path).is_dir():
            raise InputError("is a directory, not a file", path=path)
        if not Path(path).exists():
            raise InputError("no such file", path=path)
    if forced and forced not in table:
        raise UsageError(f"unknown {what} format {forced!r} (known: {', '.join(table)})")
    name = forced or _by_extension(table, path) or _by_content(table, path)
    if name is None:
        raise UsageError(
            f"cannot tell the {what} format of {path} from its name or content; "
            f"use --format ({', '.join(table)})"
        )
    return _load(table, name)


def segment_format(path: str | Path, forced: str | None = None, *, reading: bool = True
                   ) -> SegmentFormat:
    """The format for a bilingual file (by --format, extension, or content)."""
    return _pick(_SEGMENT_FORMATS, path, forced, "file", reading)


def glossary_format(path: str | Path, forced: str | None = None, *, reading: bool = True
                    ) -> GlossaryFormat:
    """The format for a glossary file (by --format, extension, or content)."""
    return _pick(_GLOSSARY_FORMATS, path, forced, "glossary", reading)


__all__ = [
    "GlossaryFormat",
    "ReadOptions",
    "SegmentFormat",
    "WriteOptions",
    "glossary_format",
    "glossary_format_names",
    "segment_format",
    "segment_format_names",
]

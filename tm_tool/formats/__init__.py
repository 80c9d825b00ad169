"""File formats, chosen by name, by extension, or by sniffing the content."""

from __future__ import annotations

import importlib
from pathlib import Path

from ..errors import InputError, UsageError
from .base import GlossaryFormat, ReadOptions, SegmentFormat, WriteOptions

# name -> "module:Class"; modules are imported on first use so that `tm --help` stays fast.
_SEGMENT_FORMATS = {
    "tsv": "tsv:TsvFormat",
    "csv": "tsv:CsvFormat",
    "tmx": "tmx:TmxFormat",
    "po": "po:PoFormat",
    "xliff": "xliff:XliffFormat",
    "text": "plaintext:PlainTextFormat",
}
_GLOSSARY_FORMATS = {
    "tsv": "glossary_table:TsvGlossaryFormat",
    "csv": "glossary_table:CsvGlossaryFormat",
    "tbx": "tbx:TbxFormat",
    "tbx3": "tbx:Tbx3Format",
}


def _load(spec: str):
    module_name, cls_name = spec.split(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, cls_name)()


def _available(table: dict[str, str]) -> dict[str, object]:
    found = {}
    for name, spec in table.items():
        try:
            found[name] = _load(spec)
        except ModuleNotFoundError as exc:  # a format whose module does not exist (yet)
            if exc.name != f"{__name__}.{spec.split(':')[0]}":
                raise
    return found


def segment_format_names() -> list[str]:
    return list(_available(_SEGMENT_FORMATS))


def glossary_format_names() -> list[str]:
    return list(_available(_GLOSSARY_FORMATS))


def _pick(table: dict[str, str], path: str | Path, forced: str | None, what: str,
          reading: bool):
    if reading and str(path) != "-":
        if Path(path).is_dir():
            raise InputError("is a directory, not a file", path=path)
        if not Path(path).exists():
            raise InputError("no such file", path=path)
    formats = _available(table)
    if forced:
        if forced not in formats:
            raise UsageError(f"unknown {what} format {forced!r} (known: {', '.join(formats)})")
        return formats[forced]
    suffixes = [s.lower() for s in Path(str(path)).suffixes]
    for suffix in reversed(suffixes):
        for fmt in formats.values():
            if suffix in fmt.extensions:
                return fmt
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        head = b""
    for fmt in formats.values():
        if fmt.sniff(head):
            return fmt
    raise UsageError(
        f"cannot tell the {what} format of {path} from its name or content; "
        f"use --format ({', '.join(formats)})"
    )


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

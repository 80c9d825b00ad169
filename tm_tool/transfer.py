"""Moving data between files and the store: the library behind ``tm import``/``tm export`` and
``tm glossary import``/``export``.

Data flows one way: file → format reader → store, and store → format writer → file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import langtags
from .errors import InputError, TmError
from .formats import ReadOptions, WriteOptions, glossary_format, segment_format
from .model import Concept, Segment
from .store import ImportResult, SegmentFilter, Store, UpdateCounts


@dataclass
class FileReport:
    path: str
    format: str
    result: ImportResult
    warnings: list[str] = field(default_factory=list)
    untranslated: int = 0  # units with an empty target, not imported (no --keep-untranslated)

    def as_dict(self) -> dict:
        return {"path": self.path, "format": self.format, **self.result.as_dict(),
                "untranslated_skipped": self.untranslated, "warnings": self.warnings}


def _with_path(exc: TmError, path: str | Path) -> TmError:
    if exc.path is None:
        exc.path = str(path)
    return exc


# A segment is a sentence or a paragraph; a megabyte of text in one is a broken file (a missing
# delimiter), and indexing it costs ~40x its size in memory.
MAX_SEGMENT_CHARS = 1_000_000


def _checked(segments: Iterable[Segment], path: str | Path, options: ReadOptions,
             untranslated: list[int] | None = None) -> Iterator[Segment]:
    """Refuse units the store cannot keep, naming them: a unit with no source text is skipped
    with a warning (an error under --strict); a bad language tag, a NUL character or a text
    over MAX_SEGMENT_CHARS is an error. A unit with no translation is counted in
    ``untranslated`` and left out, unless ``options.keep_untranslated``: served as a match, its
    empty target would be a 100 % hit."""
    for seg in segments:
        for text in (seg.source, seg.target):
            if "\x00" in text:  # TMX and PO cannot hold it: refused here, not at export
                raise InputError("NUL character (U+0000) in the text", path=path,
                                 line=seg.line, unit=seg.unit_id)
            if len(text) > MAX_SEGMENT_CHARS:
                raise InputError(f"segment of {len(text):,} characters (at most "
                                 f"{MAX_SEGMENT_CHARS:,}: a broken file?)", path=path,
                                 line=seg.line, unit=seg.unit_id)
        if untranslated is not None and not options.keep_untranslated \
                and not seg.target.strip():
            untranslated[0] += 1
            continue
        if not seg.source.strip():
            if options.strict:
                raise InputError("empty source text", path=path, line=seg.line,
                                 unit=seg.unit_id)
            where = f"unit {seg.unit_id}" if seg.unit_id else f"line {seg.line}"
            options.warn(f"{where}: empty source text; skipped")
            continue
        for lang in (seg.source_lang, seg.target_lang):
            if not lang or not langtags.is_valid(lang):
                raise InputError(f"unknown language tag {lang!r}", path=path, line=seg.line,
                                 unit=seg.unit_id)
        yield seg


def read_segments(path: str | Path, *, fmt: str | None = None,
                  options: ReadOptions | None = None) -> Iterator[Segment]:
    """Read a bilingual file of any known format."""
    options = options or ReadOptions()
    reader = segment_format(path, fmt)
    try:
        yield from reader.read(path, options)
    except TmError as exc:
        raise _with_path(exc, path) from None


def import_files(
    store: Store,
    paths: Sequence[str | Path],
    *,
    fmt: str | None = None,
    options: ReadOptions | None = None,
    origin: str | None = None,
    progress: Callable[[str, int], None] | None = None,
    update_user: str | None = None,
) -> list[FileReport]:
    """Import bilingual files into the store, all in one transaction: if any file fails,
    nothing is stored. Each file's segments get the file's name as origin
    (:func:`default_origin`) unless ``origin`` or the file itself names one. With
    ``update_user`` (``tm import --update``), a unit whose source is stored already replaces
    the stored target instead (recorded in the history as that user's; store/updating.py)."""
    options = options or ReadOptions()
    reports = []
    updating = (store.updating(user=update_user, command="import --update")
                if update_user is not None else contextlib.nullcontext())
    with store.bulk_load(), updating as updater, store.importing() as importer:
        for path in paths:
            reader = segment_format(path, fmt)
            warnings: list[str] = []

            def warn(message: str, path: str | Path = path, warnings: list = warnings) -> None:
                warnings.append(f"{path}: {message}")
                options.warn(f"{path}: {message}")

            file_options = replace(options, warn=warn)
            untranslated = [0]
            counts = UpdateCounts()
            units = _checked(reader.read(path, file_options), path, file_options, untranslated)
            try:
                result = importer.add(
                    updater.filter(units, counts) if updater else units,
                    origin=origin or default_origin(store, path),
                    origin_path=str(path),
                    fmt=reader.name,
                    progress=(lambda n, p=str(path): progress(p, n)) if progress else None,
                )
            except TmError as exc:
                raise _with_path(exc, path) from None
            result.read += counts.updated + counts.stored
            result.duplicates += counts.stored
            result.updated = counts.updated
            reports.append(FileReport(str(path), reader.name, result, warnings,
                                      untranslated[0]))
    return reports


def default_origin(store: Store, path: str | Path) -> str:
    """The document name of a file: its name with the extension, so that ws.tsv and ws.xlf
    are two documents. Databases made before named a document by the file's stem; a file
    whose stem names such a document, imported from a file of this name, keeps it, so that a
    re-import still finds its segments already stored."""
    name, stem = Path(str(path)).name, Path(str(path)).stem
    known = store.origin_path(stem)
    if known and Path(known).name == name:
        return stem
    return name


def reversed_segment(seg: Segment) -> Segment:
    return replace(seg, source=seg.target, target=seg.source, source_lang=seg.target_lang,
                   target_lang=seg.source_lang, source_markup=seg.target_markup,
                   target_markup=seg.source_markup)


def export_segments(
    store: Store,
    path: str | Path,
    *,
    fmt: str | None = None,
    matching: SegmentFilter | None = None,
    reverse: bool = False,
    extra: dict[str, str] | None = None,
    normalize_tags: bool = False,
    warn: Callable[[str], None] | None = None,
    **filters: str | None,
) -> int:
    """Write the stored segments ``matching`` a filter (or its fields as keywords: origin,
    since, status, src, tgt) to a file (atomically); return how many were written.
    Language tags are written as imported unless ``normalize_tags`` (zh → zh-CN, en → en-US)."""
    writer = segment_format(path, fmt, reading=False)
    if not writer.can_write:
        raise TmError(f"{writer.name} files cannot be written")
    matching = matching or SegmentFilter(**filters)
    src_lang, tgt_lang = _export_pair(store, matching)
    segments: Iterable[Segment] = store.iter_segments(matching)
    if reverse:
        src_lang, tgt_lang = tgt_lang, src_lang
        segments = (reversed_segment(s) for s in segments)
    options = WriteOptions(src_lang=src_lang, tgt_lang=tgt_lang, extra=extra or {},
                           normalize_tags=normalize_tags)
    if warn is not None:  # what the writer had to change (PO: entries written as fuzzy)
        options.warn = warn
    return writer.write(segments, path, options)


def _export_pair(store: Store, matching: SegmentFilter) -> tuple[str, str]:
    """The (source, target) tags of the one language pair the export writes."""
    pairs = [p for p in store.language_pairs() if matching.matches_pair(p["source"],
                                                                         p["target"])]
    if not pairs:
        raise TmError("nothing to export: no segments match")
    if len({(langtags.primary(p["source"]), langtags.primary(p["target"])) for p in pairs}) > 1:
        raise TmError("the database holds several language pairs; pick one with --src/--tgt")
    return pairs[0]["source"], pairs[0]["target"]


def read_glossary(path: str | Path, *, fmt: str | None = None,
                  options: ReadOptions | None = None) -> list[Concept]:
    """Read a glossary file of any known format."""
    reader = glossary_format(path, fmt)
    try:
        return list(reader.read(path, options or ReadOptions()))
    except TmError as exc:
        raise _with_path(exc, path) from None


def import_glossary_files(store: Store, paths: Sequence[str | Path], *, fmt: str | None = None,
                          options: ReadOptions | None = None, replace: bool = False
                          ) -> ImportResult:
    """Import glossary files in one transaction (``replace``: they are the whole glossary)."""
    concepts: list[Concept] = []
    for path in paths:
        concepts.extend(read_glossary(path, fmt=fmt, options=options))
    return store.import_glossary(concepts, replace=replace)


def export_glossary(store: Store, path: str | Path, *, fmt: str | None = None,
                    src: str = "zh", tgt: str = "en") -> int:
    writer = glossary_format(path, fmt, reading=False)
    if not writer.can_write:
        raise TmError(f"{writer.name} glossaries cannot be written")
    concepts = store.concepts()
    src_tag = next((t.lang for c in concepts for t in c.terms_in(src)), src)
    tgt_tag = next((t.lang for c in concepts for t in c.terms_in(tgt)), tgt)
    return writer.write(concepts, path, WriteOptions(src_lang=src_tag, tgt_lang=tgt_tag))

"""Commands on segments: import, export, stats."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from .. import formats, langtags, transfer
from ..errors import UsageError
from ..formats import ReadOptions
from ..model import SEGMENT_STATUSES
from ..store import SegmentFilter, Store
from .app import JsonOption, app, counted, err, out, print_json, progress_bar, state, warn
from .glossary_edit import UserOption
from .glossary_edit import _user as who


def _lang(value: str | None) -> str | None:
    return langtags.check_known(value) if value else None


@app.command("import")
def import_cmd(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="TSV/CSV, TMX, PO or XLIFF files.")],
    src: Annotated[str | None, typer.Option(help="Source language (BCP 47), e.g. zh-CN.")] = None,
    tgt: Annotated[str | None, typer.Option(help="Target language (BCP 47), e.g. en.")] = None,
    origin: Annotated[str | None, typer.Option(
        help="Document name (default: the file name, e.g. ws.tsv).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="Force the file format.")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Stop at a broken unit; store nothing.")] = False,
    keep_untranslated: Annotated[bool, typer.Option(
        "--keep-untranslated", help="Also import units with an empty target.")] = False,
    encoding: Annotated[str | None, typer.Option(
        help="Encoding of the files (e.g. gbk), instead of what they declare or UTF-8.")] = None,
    update: Annotated[bool, typer.Option(
        "--update", help="A unit whose source is stored already (same language pair) "
        "replaces the stored target instead of adding a second segment (recorded in "
        "'tm segments history').")] = False,
    user: UserOption = None,
    json_out: JsonOption = False,
) -> None:
    """Import bilingual files into the database (all in one transaction).

    Units with an empty target are skipped and counted, unless --keep-untranslated. With
    --update, a stored source gets the file's target (and its status, unless the file gives
    none) instead of a second segment.

    Example: [bold]tm --db tm.db import --src zh-CN --tgt en corpus/*.tsv[/bold]
    """
    if encoding:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError(f"unknown encoding {encoding!r} (e.g. utf-8, gbk, big5)") from None
    options = ReadOptions(src=_lang(src), tgt=_lang(tgt), strict=strict, encoding=encoding,
                          keep_untranslated=keep_untranslated, warn=warn)
    with state(ctx).open(create=True) as store, progress_bar("importing") as bar:
        task = bar.task_ids[0]

        def tick(path: str, n: int) -> None:
            bar.update(task, description=f"importing {Path(path).name}", completed=n)

        reports = transfer.import_files(store, files, fmt=fmt, options=options, origin=origin,
                                        progress=tick,
                                        update_user=who(user) if update else None)
    if json_out:
        print_json({"files": [r.as_dict() for r in reports]})
        return
    for r in reports:
        res = r.result
        out.print(f"{r.path}: {res.added} added, "
                  + (f"{res.updated} updated, " if update else "")
                  + f"{res.duplicates} already stored"
                  + (f", {r.untranslated} untranslated skipped" if r.untranslated else "")
                  + f" ({res.read} read as {r.format}"
                  + (f", {len(r.warnings)} warnings" if r.warnings else "") + ")")


@app.command("export")
def export_cmd(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write ('-': stdout).")],
    fmt: Annotated[str | None, typer.Option("--format", help="tmx, po, tsv or csv "
                                            "(default: from the file name).")] = None,
    origin: Annotated[str | None, typer.Option(help="Only this document.")] = None,
    since: Annotated[str | None, typer.Option(help="Only segments changed since this date "
                                              "(YYYY-MM-DD or ISO 8601).")] = None,
    status: Annotated[str | None, typer.Option(help="Only segments with this status.")] = None,
    src: Annotated[str | None, typer.Option(help="Source language of the pair to export.")] = None,
    tgt: Annotated[str | None, typer.Option(help="Target language of the pair to export.")] = None,
    reverse: Annotated[bool, typer.Option(help="Swap source and target (en → zh).")] = False,
    normalize_tags: Annotated[bool, typer.Option(
        "--normalize-tags", help="Write language tags with a region (en → en-US, zh → zh-CN), "
        "as some CAT tools want; default: as imported.")] = False,
    json_out: JsonOption = False,
) -> None:
    """Export segments as TMX 1.4b, PO, TSV or CSV (written to a temporary file, then renamed).

    Example: [bold]tm export --format tmx -o corpus.tmx[/bold]
    """
    if str(output) == "-" and not fmt:
        raise UsageError("say --format when writing to stdout")
    if status is not None and status not in SEGMENT_STATUSES:
        raise UsageError(f"--status {status!r}: use one of {', '.join(SEGMENT_STATUSES)}")
    _check_writable(output, fmt)
    matching = SegmentFilter(origin=origin, since=_since(since), status=status,
                             src=_lang(src), tgt=_lang(tgt))
    with state(ctx).open() as store:
        _check_filters_match(store, matching)
        count = transfer.export_segments(store, output, fmt=fmt, matching=matching,
                                         reverse=reverse, normalize_tags=normalize_tags,
                                         warn=warn)
    if json_out:
        print_json({"output": str(output), "segments": count})
    elif str(output) != "-":
        err.print(f"wrote {counted(count, 'segment')} to {output}", markup=False)


def _check_writable(output: Path, fmt: str | None) -> None:
    """Refuse, before anything is opened, a format that cannot be written: name the ones that
    can, and send glossary formats to the command that writes them."""
    writable = [name for name in formats.segment_format_names()
                if formats.segment_format(output, name, reading=False).can_write]
    try:
        writer = formats.segment_format(output, fmt, reading=False)
    except UsageError:
        writer = None
    if writer is not None and writer.can_write:
        return
    try:
        formats.glossary_format(output, fmt, reading=False)
    except UsageError:
        pass
    else:
        raise UsageError(f"{output} is a glossary format: use tm glossary export -o {output}")
    what = (f"{writer.name} files cannot be written" if writer
            else f"unknown format {fmt!r}" if fmt
            else f"cannot tell the format of {output} from its name")
    raise UsageError(f"{what}; use --format {', '.join(writable)} (or a file named so)")


def _check_filters_match(store: Store, matching: SegmentFilter) -> None:
    """A filter that matches nothing is a mistake (a typo in a document name): say so
    instead of writing an empty file. (The language pair is checked by the export, which
    names the pairs there are.)"""
    chosen = replace(matching, src=None, tgt=None)
    if not chosen.chosen() or store.count_segments(chosen):
        return
    names = [o["name"] for o in store.stats()["origins"]]
    if chosen.origin and chosen.origin not in names:
        raise UsageError(f"no document {chosen.origin!r} (have: {', '.join(names) or 'none'})")
    said = ", ".join(f"--{key} {value}" for key, value in chosen.chosen().items())
    raise UsageError(f"no segment matches {said}; nothing written")


def _since(value: str | None) -> str | None:
    if not value:
        return None
    from datetime import datetime

    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--since wants a date like 2025-12-31, not {value!r}") from None
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")


@app.command("stats")
def stats_cmd(ctx: typer.Context, json_out: JsonOption = False) -> None:
    """Count segments, language pairs, documents, concepts and terms.

    Example: [bold]tm --db tm.db stats --json[/bold]
    """
    with state(ctx).open() as store:
        data = store.stats()
    if json_out:
        print_json(data)
        return
    out.print(f"[bold]{data['database']}[/bold] (schema {data['schema_version']})")
    out.print(f"segments: {data['segments']}")
    for pair in data["language_pairs"]:
        out.print(f"  {pair['source']} → {pair['target']}: {pair['segments']}")
    out.print(f"documents: {len(data['origins'])}")
    for origin in data["origins"]:
        out.print(f"  {origin['name']}: {counted(origin['segments'], 'segment')}")
    by = data["terms_by_status"]
    out.print(f"glossary: {counted(data['concepts'], 'concept')}, {counted(data['terms'], 'term')} "
              f"({by['preferred']} preferred, {by['admitted']} admitted, "
              f"{by['deprecated']} deprecated)")

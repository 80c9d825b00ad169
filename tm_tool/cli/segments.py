"""Commands on segments: import, export, stats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import langtags, transfer
from ..errors import UsageError
from ..formats import ReadOptions
from .app import JsonOption, app, err, out, print_json, progress_bar, state


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
    strict: Annotated[bool, typer.Option(help="Stop at a broken unit; store nothing.")] = False,
    keep_untranslated: Annotated[bool, typer.Option(
        "--keep-untranslated", help="Also import units with an empty target.")] = False,
    encoding: Annotated[str | None, typer.Option(
        help="Encoding of the files (e.g. gbk), instead of what they declare or UTF-8.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Import bilingual files into the database (all in one transaction).

    Units with an empty target are skipped and counted, unless --keep-untranslated.

    Example: [bold]tm --db tm.db import --src zh-CN --tgt en corpus/*.tsv[/bold]
    """
    if encoding:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError(f"unknown encoding {encoding!r} (e.g. utf-8, gbk, big5)") from None
    options = ReadOptions(src=_lang(src), tgt=_lang(tgt), strict=strict, encoding=encoding,
                          keep_untranslated=keep_untranslated)
    with state(ctx).open(create=True) as store, progress_bar("importing") as bar:
        task = bar.task_ids[0]

        def tick(path: str, n: int) -> None:
            bar.update(task, description=f"importing {Path(path).name}", completed=n)

        reports = transfer.import_files(store, files, fmt=fmt, options=options, origin=origin,
                                        progress=tick)
    if json_out:
        print_json({"files": [r.as_dict() for r in reports]})
        return
    for r in reports:
        res = r.result
        out.print(f"{r.path}: {res.added} added, {res.duplicates} already stored"
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
    json_out: JsonOption = False,
) -> None:
    """Export segments as TMX 1.4b, PO, TSV or CSV (written to a temporary file, then renamed).

    Example: [bold]tm export --format tmx -o corpus.tmx[/bold]
    """
    if str(output) == "-" and not fmt:
        raise UsageError("say --format when writing to stdout")
    with state(ctx).open() as store:
        count = transfer.export_segments(
            store, output, fmt=fmt, origin=origin, since=_since(since), status=status,
            src=_lang(src), tgt=_lang(tgt), reverse=reverse,
        )
    if json_out:
        print_json({"output": str(output), "segments": count})
    elif str(output) != "-":
        err.print(f"wrote {count} segments to {output}")


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
        out.print(f"  {origin['name']}: {origin['segments']} segments")
    by = data["terms_by_status"]
    out.print(f"glossary: {data['concepts']} concepts, {data['terms']} terms "
              f"({by['preferred']} preferred, {by['admitted']} admitted, "
              f"{by['deprecated']} deprecated)")

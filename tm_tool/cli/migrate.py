"""Copying a whole store between backends: tm migrate (store/postgres/transfer.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import JsonOption, app, counted, out, print_json


@app.command("migrate")
def migrate_cmd(
    source: Annotated[str, typer.Argument(
        help="The store to copy: an SQLite file or a postgresql:// address.")],
    destination: Annotated[str, typer.Argument(
        help="A new (or empty) store to copy it into: a file or a postgresql:// address.")],
    json_out: JsonOption = False,
) -> None:
    """Copy a whole store (segments, documents, glossary, histories, search index) from SQLite
    to PostgreSQL or back, then verify every table by row count and SHA-256.

    The destination must be empty; it is written in one transaction (a failed copy leaves
    nothing). --db is not used: both stores are named.

    Example: [bold]tm migrate tm.db postgresql://tm@dbhost/tm[/bold]
    """
    from ..store.postgres.transfer import migrate

    result = migrate(source, destination)
    if json_out:
        print_json(result.as_dict())
        return
    for name, table in result.tables.items():
        out.print(f"{name}: {counted(table.rows, 'row')}, sha256 {table.sha256[:16]}…")
    segments = result.tables["segments"].rows
    out.print(f"copied {counted(segments, 'segment')} from {result.source} to "
              f"{result.destination}; every table verified")

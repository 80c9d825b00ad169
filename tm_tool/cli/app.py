"""The ``tm`` Typer application and what every command shares: the database option, JSON
output, progress bars. Commands live in one module per subject beside this one."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import __version__
from ..store import Store

app = typer.Typer(
    name="tm",
    help="Chinese–English translation memory and controlled glossary.\n\n"
    "Example: [bold]tm --db tm.db lookup '坚决做到“两个维护”'[/bold]",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
glossary_app = typer.Typer(
    help="Import, list, validate and export the controlled glossary.",
    no_args_is_help=True,
)
app.add_typer(glossary_app, name="glossary")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


@dataclass
class State:
    db_path: Path

    def open(self, *, create: bool = False) -> Store:
        return Store.open(self.db_path, create=create)


def _version(value: bool) -> None:
    if value:
        print(f"tm {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path,
        typer.Option("--db", envvar="TM_DB", help="Database file (else $TM_DB, else ./tm.db)."),
    ] = Path("tm.db"),
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    ctx.obj = State(db_path=db)


def state(ctx: typer.Context) -> State:
    return ctx.find_root().obj


def print_json(data: Any, *, lines: bool = False) -> None:
    """JSON on stdout: one indented document, or (``lines``) one compact object per line."""
    if lines:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def show_progress() -> bool:
    return err.is_terminal and not os.environ.get("TM_NO_PROGRESS")


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[Progress]:
    """A progress bar on stderr (only on a terminal: logs and pipes stay clean)."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not show_progress(),
    )
    with progress:
        progress.add_task(description, total=total)
        yield progress

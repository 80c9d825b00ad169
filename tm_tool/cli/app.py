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
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import __version__
from ..store import Store, connection

if TYPE_CHECKING:  # typer ≥ 0.2x builds on its own copy of click; the classes look alike
    import click

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
    help="Import, list, validate and export the controlled glossary.\n\n"
    "Example: [bold]tm glossary import glossary/*.tsv[/bold]",
    no_args_is_help=True,
)
app.add_typer(glossary_app, name="glossary")
segments_app = typer.Typer(
    help="List, show, correct, delete and de-duplicate stored segments, each change "
    "recorded.\n\nExample: [bold]tm segments list --contains 两个维护[/bold]",
    no_args_is_help=True,
)
app.add_typer(segments_app, name="segments")


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Rich exits with status 1 when the reader goes away (``tm … | head``); tm's entry
        point decides instead (status 0, silently)."""
        self.quiet = True
        raise BrokenPipeError


out = _Console(highlight=False, soft_wrap=True)
err = _Console(stderr=True, highlight=False, soft_wrap=True)  # one message, one line


def warn(message: str) -> None:
    """The ``warn`` of ReadOptions/WriteOptions: the library prints nothing itself."""
    print(f"tm: warning: {message}", file=sys.stderr)

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


@dataclass
class State:
    db_path: Path

    def open(self, *, create: bool = False) -> Store:
        return Store.open(self.db_path, create=create)


def say_waiting(path: str) -> None:
    """What a writer says when it has waited a second for another (the store's wait hook)."""
    print(f"tm: waiting for another writer on {path}…", file=sys.stderr, flush=True)


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
    connection.on_wait(say_waiting)


# What a person reads in --help for a value, by the Python type typer builds it from (typer
# shows "<bool>", "<list[Path]>", "<int range>" otherwise; "--json <bool>" suggests "--json true").
_METAVARS = {"path": "FILE", "int": "N", "float": "NUMBER", "str": "TEXT"}


def _metavar(param: click.Parameter) -> str:
    descriptor = getattr(param, "type_descriptor", None)  # typer ≥ 0.2x keeps the annotation
    name = str(descriptor.annotation if descriptor else getattr(param, "type", "text")).lower()
    return next((shown for key, shown in _METAVARS.items() if key in name), "VALUE")


def _readable(param: click.Parameter) -> None:
    if getattr(param, "is_flag", False):
        param.metavar = ""
    elif param.metavar is None and param.param_type_name == "argument":
        param.metavar = (param.name or "value").upper() + ("..." if param.nargs != 1 else "")
    elif param.metavar is None:
        param.metavar = _metavar(param)
    if param.param_type_name == "argument" and hasattr(param, "display_type_rich"):
        # typer shows an argument's type beside its name ("TEXT <str>"): the name says it
        param.display_type_rich = lambda ctx: None  # type: ignore[attr-defined]


def readable_help(command: click.Command) -> None:
    """Give every parameter of ``command`` and its subcommands a metavar a person reads:
    flags none, paths FILE, numbers N, other values TEXT, arguments their name in capitals.
    One place for the rule; a command only says what is special (``metavar=...``)."""
    get_params = command.get_params

    def readable_params(ctx: click.Context) -> list[click.Parameter]:
        params = get_params(ctx)  # includes --help, which click makes on demand
        for param in params:
            _readable(param)
        return params

    command.get_params = readable_params  # type: ignore[method-assign]
    for sub in getattr(command, "commands", {}).values():
        readable_help(sub)


def state(ctx: typer.Context) -> State:
    return ctx.find_root().obj


def print_json(data: Any, *, lines: bool = False) -> None:
    """JSON on stdout: one indented document, or (``lines``) one compact object per line."""
    if lines:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """'1 segment', '2 segments' (``plural`` for nouns that do not just take an s)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def note(message: str) -> None:
    """A remark about the result, not the result ('no match'): stderr, so stdout stays data."""
    err.print(f"tm: {message}", markup=False)


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

"""The ``tm`` Typer application and what every command shares: the database option, JSON
output, progress bars. Commands live in one module per subject beside this one, imported only
when one of their commands runs (:class:`LazyGroup`; the table is in ``tm_tool/cli/__init__.py``).

Start-up is what a translator waits for at every ``tm term`` (issue #21), so this module
imports typer and nothing heavy: rich's consoles are made on first use (``--json`` output never
makes one), the store is imported when a command opens it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from .. import __version__
from .coercion import quick_coercion

if TYPE_CHECKING:  # typer ≥ 0.2x builds on its own copy of click; the classes look alike
    import click
    from rich.console import Console
    from rich.progress import Progress

    from ..store import Store

# --- commands registered by name, their modules imported on demand ---------------------------

# group ("" for tm itself, else its name) → {command name: module of tm_tool.cli}, in --help's
# order; filled by tm_tool/cli/__init__.py through lazy_commands().
_LAZY: dict[str, dict[str, str]] = {}


def lazy_commands(table: dict[str, str]) -> None:
    """Name commands and the module (of tm_tool.cli) that defines each: ``{"term": "lookup",
    "glossary list": "glossary"}``. Nothing is imported here: a group imports a command's
    module when the command runs, or when a --help or shell completion lists the group."""
    for path, module in table.items():
        group, _, name = path.rpartition(" ")
        _LAZY.setdefault(group, {})[name] = module


def _typer_of(group: str) -> typer.Typer:
    if not group:
        return app
    return next(info.typer_instance for info in app.registered_groups
                if info.name == group and info.typer_instance is not None)


def _build(group: str, name: str, module: str) -> click.Command:
    """Import ``module`` (its decorators register its commands) and build the click command
    ``name`` from it the way typer builds every command of a group."""
    __import__(f"{__package__}.{module}")  # (not importlib's: -X importtime shows this one)
    for info in _typer_of(group).registered_commands:
        if (info.name or typer.main.get_command_name(info.callback.__name__)) == name:
            return typer.main.get_command_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode)
    raise LookupError(f"{__package__}.{module} defines no command {name!r} ({group or 'tm'})")


class LazyCommands(MutableMapping[str, "click.Command"]):
    """A group's subcommands by name: those named to :func:`lazy_commands` in their order,
    built when first looked up; then those typer built already (subgroups, and commands of a
    module someone imported), in theirs. Each gets readable metavars (:func:`readable_help`)."""

    def __init__(self, group: str, built: dict[str, click.Command]) -> None:
        self.group = group
        self.lazy = dict(_LAZY.get(group, {}))
        self.built: dict[str, click.Command] = {}
        for name, command in built.items():
            self[name] = command

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.built:
            if name not in self.lazy:
                raise KeyError(name)
            self[name] = _build(self.group, name, self.lazy[name])
        return self.built[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        readable_help(command)
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        self.lazy.pop(name, None)
        del self.built[name]

    def __iter__(self) -> Iterator[str]:
        yield from self.lazy
        yield from (name for name in self.built if name not in self.lazy)

    def __len__(self) -> int:
        return len(self.lazy.keys() | self.built.keys())

    def __contains__(self, name: object) -> bool:  # (without building it)
        return name in self.lazy or name in self.built


class LazyGroup(TyperGroup):
    """A typer group whose subcommands are :class:`LazyCommands`: ``tm term`` imports the
    module of ``term`` and no other (typer.main.get_command builds a group through it)."""

    def __init__(self, *, name: str | None = None,
                 commands: dict[str, click.Command] | None = None, **attrs: Any) -> None:
        super().__init__(name=name, commands=commands, **attrs)
        self.commands = LazyCommands("" if name == "tm" else name or "", dict(self.commands))
        readable_help(self)


app = typer.Typer(
    name="tm",
    cls=LazyGroup,
    help="Chinese–English translation memory and controlled glossary.\n\n"
    "Example: [bold]tm --db tm.db lookup '坚决做到“两个维护”'[/bold]",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
glossary_app = typer.Typer(
    cls=LazyGroup,
    help="Import, list, validate and export the controlled glossary.\n\n"
    "Example: [bold]tm glossary import glossary/*.tsv[/bold]",
    no_args_is_help=True,
)
app.add_typer(glossary_app, name="glossary")
segments_app = typer.Typer(
    cls=LazyGroup,
    help="List, show, correct, delete and de-duplicate stored segments, each change "
    "recorded.\n\nExample: [bold]tm segments list --contains 两个维护[/bold]",
    no_args_is_help=True,
)
app.add_typer(segments_app, name="segments")


def _console_class() -> type[Console]:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            """Rich exits with status 1 when the reader goes away (``tm … | head``); tm's
            entry point decides instead (status 0, silently)."""
            self.quiet = True
            raise BrokenPipeError

    return _Console


class DeferredConsole:
    """A rich Console made when first used: importing rich.console costs about one bare
    Python start-up, and output in ``--json`` (or none) never needs it."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def console(self) -> Console:
        """The Console itself (for rich objects that take one, e.g. a Progress)."""
        if self._console is None:
            self._console = _console_class()(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console(), name)


out = DeferredConsole(highlight=False, soft_wrap=True)
err = DeferredConsole(stderr=True, highlight=False, soft_wrap=True)  # one message, one line


def warn(message: str) -> None:
    """The ``warn`` of ReadOptions/WriteOptions: the library prints nothing itself."""
    print(f"tm: warning: {message}", file=sys.stderr)

JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


@dataclass
class State:
    db_path: Path

    def open(self, *, create: bool = False) -> Store:
        from ..store import Store

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
    from ..store import connection

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
    """Give every parameter of ``command`` a metavar a person reads: flags none, paths FILE,
    numbers N, other values TEXT, arguments their name in capitals. One place for the rule;
    a command only says what is special (``metavar=...``). (Subcommands get it as their
    group builds them: :class:`LazyCommands`.)"""
    if getattr(command, "_readable_help", False):
        return
    command._readable_help = True  # type: ignore[attr-defined]
    get_params = command.get_params

    def readable_params(ctx: click.Context) -> list[click.Parameter]:
        params = get_params(ctx)  # includes --help, which click makes on demand
        for param in params:
            _readable(param)
        quick_coercion(params)  # (here for the same reason: every parameter passes by)
        return params

    command.get_params = readable_params  # type: ignore[method-assign]


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
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err.console(),
        transient=True,
        disable=not show_progress(),
    )
    with progress:
        progress.add_task(description, total=total)
        yield progress

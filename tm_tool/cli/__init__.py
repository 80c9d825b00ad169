"""Command line: ``tm``. A thin layer over the library; see ``tm --help``.

:func:`main` owns the exit status. It runs the click command itself (``make_context`` +
``invoke``) instead of typer's ``main()``, because that one turns Ctrl-C into a silent
``Exit(130)``, a broken pipe into status 1, and prints usage errors its own way. Typer ≥ 0.2x
vendors click as ``typer._click``, whose exceptions are not the standalone click's, so both are
recognised by their class names (see :func:`_click_kind`), never by importing one of them.

Exit status: 0 success (also: no match), 1 a gate or check failed, 2 usage or bad input (one
line ``tm: error: …`` on stderr; ``tm`` alone prints the help and exits 2, as click does),
130 Ctrl-C, 143 SIGTERM (``tm: interrupted; nothing was written``).

Start-up (issue #21): a command's module is imported only when the command runs, or when a
``--help`` lists its group. The table below names every command and its module, in ``--help``'s
order (``app.lazy_commands``; ``app.LazyGroup`` builds each on demand). **A new command is one
line in it**: ``"align": "align",`` for ``@app.command("align")`` in tm_tool/cli/align.py, or
``"glossary extract": "glossary_extract",`` for ``@glossary_app.command("extract")``. (A
``from . import align`` line works as well, listed after the table's commands, but every
``tm`` run then pays for align's imports.) A new group is a ``typer.Typer(cls=LazyGroup, …)``
added in app.py, as glossary and segments are. Keep module tops light: import numpy, lxml,
sacrebleu, rich tables… inside the functions that use them (or ``tm_tool.lazy``);
tests/test_startup.py checks what ``tm --version`` and ``tm term`` import.
"""

from __future__ import annotations

import os
import sqlite3
import sys

from .. import __version__
from ..errors import Interrupted, TmError, UsageError, raise_on_signals
from .app import app, lazy_commands

# Every command: its name (with its group's) → its module here, in --help's order.
lazy_commands({
    "import": "segments", "export": "segments", "stats": "segments",
    "lookup": "lookup", "concordance": "lookup", "term": "lookup",
    "check": "check",
    "score": "score",
    "analyze": "analyze",
    "pretranslate": "pretranslate",
    "align": "align",
    "migrate": "migrate",
    "serve": "serve",
    "glossary import": "glossary_edit", "glossary add": "glossary_edit",
    "glossary set-status": "glossary_edit", "glossary remove": "glossary_edit",
    "glossary rename": "glossary_edit",
    "glossary history": "glossary", "glossary list": "glossary",
    "glossary validate": "glossary", "glossary export": "glossary",
    "glossary extract": "glossary_extract",
    "segments list": "maintain", "segments show": "maintain", "segments edit": "maintain",
    "segments set-status": "maintain", "segments delete": "maintain",
    "segments dedupe": "maintain", "segments history": "maintain",
})

_CLICK_KINDS = ("NoArgsIsHelpError", "UsageError", "ClickException", "Exit", "Abort")


def _click_kind(exc: BaseException) -> str | None:
    """Which click/typer exception ``exc`` is (most specific first), from either click copy."""
    names = {cls.__name__ for cls in type(exc).__mro__
             if cls.__module__.split(".")[0] in ("click", "typer")}
    return next((kind for kind in _CLICK_KINDS if kind in names), None)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _check_arguments(args: list[str]) -> None:
    """Refuse arguments that are not UTF-8 (Python hands them over as lone surrogates)."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            raise UsageError(f"argument '{shown}' is not valid UTF-8 (set the terminal to "
                             "UTF-8, or rename the file)") from None


def _run(args: list[str]) -> int:
    import typer

    command = typer.main.get_command(app)
    with command.make_context("tm", args) as ctx:
        command.invoke(ctx)
    return 0


def _exit_silently_on_broken_pipe() -> None:
    """The reader went away (``tm … | head``): not an error. Point stdout at /dev/null so
    that the interpreter's final flush does not complain either."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


def _before_the_app(args: list[str]) -> None:
    """``tm --version`` alone (what typer would print, without building the app: issue #21)
    and shell completion (typer's job) end here."""
    if args == ["--version"]:
        print(f"tm {__version__}")
        sys.exit(0)
    # tm does no linear algebra: OpenBLAS's thread pool, started when numpy is imported,
    # only costs start-up (≈ 50 ms here); a user's own setting wins
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if any(key.endswith("_COMPLETE") for key in os.environ):
        app(args=args, prog_name="tm")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; turn every user error into one line on stderr and status 2."""
    args = sys.argv[1:] if argv is None else list(argv)
    _before_the_app(args)
    raise_on_signals()
    try:
        _check_arguments(args)
        code = _run(args)
        sys.stdout.flush()
    except TmError as exc:
        print(f"tm: error: {_one_line(str(exc))}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except Interrupted as exc:
        print("tm: interrupted; nothing was written", file=sys.stderr)
        sys.exit(exc.exit_code)
    except BrokenPipeError:  # (an OSError: before the faults)
        _exit_silently_on_broken_pipe()
    except (sqlite3.Error, OSError) as exc:  # a database or disk fault is one line (else a bug)
        from ..store.connection import fault

        if (error := fault(exc)) is None:
            raise
        print(f"tm: error: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("tm: interrupted; nothing was written", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        kind = _click_kind(exc)
        if kind is None:
            raise
        sys.exit(_report_click(exc, kind))
    sys.exit(code)


def _report_click(exc: BaseException, kind: str) -> int:
    """Print a click/typer exception the way every tm error looks; return the exit status."""
    if kind == "Exit":
        return int(getattr(exc, "exit_code", 0) or 0)
    if kind == "Abort":
        print("tm: aborted", file=sys.stderr)
        return 130
    if kind == "NoArgsIsHelpError":  # `tm` or `tm glossary` alone: the help (typer's rich
        message = exc.format_message()  # help is already printed; plain click's is here)
        if message.strip():
            print(message)
        return 2
    message = _one_line(exc.format_message())
    ctx = getattr(exc, "ctx", None)
    if kind == "UsageError" and ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    print(f"tm: error: {message}", file=sys.stderr)
    return int(getattr(exc, "exit_code", 2) or 2)

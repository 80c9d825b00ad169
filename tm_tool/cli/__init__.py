"""Command line: ``tm``. A thin layer over the library; see ``tm --help``."""

from __future__ import annotations

import sqlite3
import sys

import click

from ..errors import TmError
from ..store.connection import fault
from . import glossary, segments  # noqa: F401  (register commands)
from .app import app

for _optional in ("lookup", "check", "score"):  # subjects whose commands may not be built yet
    try:
        __import__(f"{__name__}.{_optional}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{_optional}":
            raise


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning user errors into one line on stderr and status 2."""
    try:
        code = app(args=argv, prog_name="tm", standalone_mode=False)
    except TmError as exc:
        print(f"tm: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        print("tm: aborted", file=sys.stderr)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except (sqlite3.Error, OSError) as exc:  # a database or disk fault is one line (else a bug)
        if (error := fault(exc)) is None:
            raise
        print(f"tm: error: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("tm: interrupted; nothing was written", file=sys.stderr)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)

"""Errors a user can act on.

Every error that reaches the command line is a :class:`TmError`: the CLI prints it as one line
on stderr ("tm: error: FILE:LINE: what is wrong") and exits with status 2. Anything else is a bug
and is allowed to show a traceback.
"""

from __future__ import annotations

import signal
from pathlib import Path


class TmError(Exception):
    """Base class: a problem with the user's input, options or database."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        unit: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.unit = unit

    def where(self) -> str:
        """'file:line', 'file (unit X)' or '' — the place a user must look at."""
        place = self.path or ""
        if self.line is not None:
            place = f"{place}:{self.line}" if place else f"line {self.line}"
        if self.unit is not None:
            place = f"{place} (unit {self.unit})" if place else f"unit {self.unit}"
        return place

    def __str__(self) -> str:
        place = self.where()
        return f"{place}: {self.message}" if place else self.message


class InputError(TmError):
    """A file that cannot be read, or whose content is malformed."""


class UsageError(TmError):
    """Options that do not fit together, or an unknown value."""


class StoreError(TmError):
    """The database is not a tm_tool database, or is newer than this code."""


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived. A KeyboardInterrupt, so that every cleanup path written for
    Ctrl-C (transactions rolled back, temporary files removed, workers stopped) runs for
    SIGTERM too; the CLI prints "tm: interrupted; nothing was written" and exits 128 + signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.exit_code = 128 + signum


def _raise_interrupted(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


def raise_on_signals() -> None:
    """Make SIGINT and SIGTERM raise :class:`Interrupted` in this (the main) process."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _raise_interrupted)

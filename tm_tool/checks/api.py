"""Checking deliveries and the TM: the library behind ``tm check``.

:func:`check_files` checks bilingual files (against the TM too, with ``with_tm``);
:func:`check_store` checks every segment of a database. Both read the glossary (a file, given
concepts, or the database's), run the checks, apply the reviewers' accepted findings (and
accept one more, with ``CheckOptions.accept``) and return the :class:`Report`. Nothing is
printed: warnings go to ``CheckOptions.warn``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .. import transfer
from ..errors import UsageError
from ..formats import ReadOptions
from ..model import Concept
from ..store import Store
from . import suppressions as suppression_file
from .base import Unit
from .runner import Report, run_checks, run_store_checks

Glossary = str | Path | Iterable[Concept]  # a glossary file, or its concepts
StoreArg = Store | str | Path  # an open store (left open), or a database file


def _ignore(message: str) -> None:
    """The default ``warn``: a library caller who does not listen hears nothing."""


@dataclass(frozen=True)
class CheckOptions:
    """How to check, beyond what is checked."""

    codes: Sequence[str] | None = None  # the checks to run (see CODES); default all
    src: str | None = None  # the files' source language, for formats that do not say
    tgt: str | None = None  # the files' target language, likewise
    suppressions: str | Path | None = None  # TSV of accepted findings (suppressions.py)
    accept: str | None = None  # UNIT:CHECK[:TERM]: accept that finding into ``suppressions``
    reason: str = ""  # why (``accept`` needs one)
    jobs: int | None = None  # worker processes for the unit checks (default: one per core)
    warn: Callable[[str], None] = _ignore  # told about what the run could not do well


def check_files(paths: Sequence[str | Path], *, glossary: Glossary | None = None,
                store: StoreArg | None = None, with_tm: bool = False,
                options: CheckOptions = CheckOptions()) -> Report:
    """Check the units of the files ``paths`` (TMX, PO, TSV/CSV, XLIFF).

    ``glossary``: a glossary file or concepts; default the database's. ``store``: the TM, read
    for its glossary and (``with_tm``) so that the consistency checks compare the files' units
    with its segments; a database file that does not exist is no TM (the run warns when it
    then has no glossary either).
    """
    rules = _suppressions(options)
    wanted = store if with_tm or glossary is None else None
    with _store_or_none(wanted) as db:
        concepts = _concepts(glossary, db, options.warn, store)
        read = ReadOptions(src=options.src, tgt=options.tgt, warn=options.warn)
        units = (Unit(seg, str(path)) for path in paths
                 for seg in transfer.read_segments(path, options=read))
        reference = [Unit(s) for s in db.iter_segments()] if with_tm and db is not None else []
        report = run_checks(units, concepts, codes=options.codes, reference=reference,
                            jobs=options.jobs, suppressions=rules)
    report.sources = [str(p) for p in paths]
    _settle(report, rules, options)
    return report


def check_store(store: StoreArg, *, glossary: Glossary | None = None,
                options: CheckOptions = CheckOptions()) -> Report:
    """Check every segment of the TM ``store`` (an open store, or a database file that must
    exist), against ``glossary`` (default the database's).

    Worker processes read the segments and check them; the consistency checks see only the
    segments of conflicting groups, which the store selects by key hash, a chunk of whole
    groups at a time: a million-segment TM is not held in memory, nor are its findings.
    """
    rules = _suppressions(options)
    with _store(store) as db:
        concepts = _concepts(glossary, db, options.warn, store)
        if db.path == ":memory:":  # no other connection can see it: read it here
            units = (Unit(seg) for seg in db.iter_segments(document_order=False))
            report = run_checks(units, concepts, codes=options.codes, jobs=options.jobs,
                                suppressions=rules)
        else:
            report = run_store_checks(db, concepts, codes=options.codes, jobs=options.jobs,
                                      suppressions=rules)
    report.sources = [db.path]
    _settle(report, rules, options)
    return report


def _settle(report: Report, rules: suppression_file.Suppressions | None,
            options: CheckOptions) -> None:
    """Accept the finding ``options.accept`` names, if any (the others were marked as they
    were found)."""
    if options.accept:
        if rules is None:
            raise UsageError("--accept needs --suppressions FILE to write to")
        report.accepted = report.accept(rules, options.accept, options.reason)


def _suppressions(options: CheckOptions) -> suppression_file.Suppressions | None:
    """The accepted findings, read before anything is checked (a bad --accept is refused
    before a long run, not after it)."""
    if options.accept and options.suppressions is None:
        raise UsageError("--accept needs --suppressions FILE to write to")
    if options.accept and not options.reason.strip():
        raise UsageError("--accept needs a --reason")
    if options.suppressions is None:
        return None
    return suppression_file.load(options.suppressions, warn=options.warn)


@contextmanager
def _store(store: StoreArg) -> Iterator[Store]:
    """The store: as given, or opened (and closed again) from its file."""
    if isinstance(store, Store):
        yield store
        return
    with Store.open(store) as opened:
        yield opened


@contextmanager
def _store_or_none(store: StoreArg | None) -> Iterator[Store | None]:
    """Like :func:`_store`, but a database file that does not exist gives None."""
    if store is None or (not isinstance(store, Store) and not Path(store).exists()):
        yield None
        return
    with _store(store) as opened:
        yield opened


def _concepts(glossary: Glossary | None, db: Store | None, warn: Callable[[str], None],
              where: StoreArg | None) -> list[Concept]:
    if glossary is not None:
        if isinstance(glossary, (str, Path)):
            return transfer.read_glossary(glossary, options=ReadOptions(warn=warn))
        return list(glossary)
    if db is not None:
        return db.concepts()
    shown = where.path if isinstance(where, Store) else where
    warn(f"no glossary (no --glossary and no database at {shown}); terminology checks find "
         "nothing")
    return []

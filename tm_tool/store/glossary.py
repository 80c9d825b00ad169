"""The glossary in the store: reading its concepts, and writing a command's changes with their
history (:mod:`tm_tool.store.history`), validated first, in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .. import langtags
from ..errors import InputError
from ..glossary import Problem
from ..glossary_changes import Change, changes_between, merge, new_errors
from ..model import Concept, Term
from ..text import nfc
from . import history as _history
from .history import HistoryEntry, history

if TYPE_CHECKING:
    from . import ImportResult
    from .interface import TranslationMemory

__all__ = ["GlossaryRefused", "HistoryEntry", "apply", "history", "import_concepts",
           "read_concepts", "write_changes"]


# --- reading ------------------------------------------------------------------------------

def version(conn: sqlite3.Connection) -> tuple:
    """A value that changes whenever the glossary does: every write through the store is a
    row of its history; the counts and the latest change also catch a change by other means
    (two primary-key maxima, two counts and a maximum over a few thousand rows: no concept
    is read)."""
    return tuple(conn.execute(
        "SELECT (SELECT max(id) FROM glossary_history), (SELECT count(*) FROM concepts), "
        "(SELECT max(changed_at) FROM concepts), (SELECT count(*) FROM terms), "
        "(SELECT max(id) FROM terms)").fetchone())


def read_concepts(conn: sqlite3.Connection, *, status: str | None = None,
                  lang: str | None = None) -> list[Concept]:
    """All concepts with their terms (in file order). ``status``/``lang`` keep concepts that
    have at least one such term, and only those terms."""
    by_id: dict[int, Concept] = {}
    for cid, key, definition, note, subject in conn.execute(
        "SELECT id, key, definition, note, subject FROM concepts ORDER BY id"
    ):
        by_id[cid] = Concept(key=key, definition=definition, note=note, subject=subject)
    for cid, lang_tag, text, term_status, case, pos, note in conn.execute(
        "SELECT concept_id, lang, text, status, case_sensitive, pos, note FROM terms "
        "ORDER BY id"
    ):
        if _wanted(term_status, lang_tag, status, lang):
            by_id[cid].terms.append(
                Term(text=text, lang=lang_tag, status=term_status,
                     case_sensitive=None if case is None else bool(case), pos=pos, note=note))
    return [c for c in by_id.values() if c.terms or not (status or lang)]


def _wanted(term_status: str, lang_tag: str, status: str | None, lang: str | None) -> bool:
    return (not status or term_status == status) and (
        not lang or langtags.primary(lang_tag) == langtags.primary(lang))


# --- writing ------------------------------------------------------------------------------

def write_changes(conn: sqlite3.Connection, changes: list[Change], *, user: str, command: str,
                  at: str) -> None:
    """Store the concepts as ``changes`` leave them and record each change (the caller holds
    the transaction). A changed concept keeps its row, so the glossary keeps its order."""
    for change in changes:
        key = (change.before or change.after).key  # type: ignore[union-attr]
        row = conn.execute("SELECT id FROM concepts WHERE key = ?", (key,)).fetchone()
        if change.after is None:
            conn.execute("DELETE FROM concepts WHERE id = ?", (row[0],))  # terms cascade
        else:
            concept_id = _upsert_concept(conn, row[0] if row else None, change.after, at)
            _insert_terms(conn, concept_id, change.after.terms)
        _history.record(conn, change, user=user, command=command, at=at)


def _upsert_concept(conn: sqlite3.Connection, concept_id: int | None, concept: Concept,
                    at: str) -> int:
    """The concept's row, updated in place (its terms removed, to be written again) or new."""
    if concept_id is None:
        return conn.execute(
            "INSERT INTO concepts (key, definition, note, subject, created_at, changed_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (concept.key, concept.definition, concept.note, concept.subject, at, at)).lastrowid
    conn.execute("UPDATE concepts SET key = ?, definition = ?, note = ?, subject = ?, "
                 "changed_at = ? WHERE id = ?",
                 (concept.key, concept.definition, concept.note, concept.subject, at,
                  concept_id))
    conn.execute("DELETE FROM terms WHERE concept_id = ?", (concept_id,))
    return concept_id


def _insert_terms(conn: sqlite3.Connection, concept_id: int, terms: list[Term]) -> None:
    conn.executemany(
        "INSERT INTO terms (concept_id, lang, text, status, case_sensitive, pos, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(concept_id, t.lang, t.text, t.status,
          None if t.case_sensitive is None else int(t.case_sensitive), t.pos, t.note)
         for t in terms])


# --- validating a command's change ----------------------------------------------------------

class GlossaryRefused(InputError):
    """A change that would make the glossary invalid: ``problems`` are (place, Problem)."""

    def __init__(self, problems: list[tuple[str, Problem]]) -> None:
        super().__init__(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}; "
                         "nothing changed (--force to change anyway)")
        self.problems = problems

    def lines(self) -> list[str]:
        """One line per problem, the last saying that nothing changed."""
        found = [f"{place + ': ' if place else ''}{p.concept}: {p.message}"
                 for place, p in self.problems]
        found[-1] += "; nothing changed (--force to change anyway)"
        return found


def apply(store: TranslationMemory, command: str, before: list[Concept],
          after: list[Concept], *, user: str, force: bool = False, dry_run: bool = False,
          problems: list[tuple[str, Problem]] | None = None,
          places: dict[str, str] | None = None) -> list[Change]:
    """Validate the glossary ``after`` a command and store it with its history, in one
    transaction; return the changes. Refused (:class:`GlossaryRefused`) when the change brings
    errors — ``problems`` found before (an imported file's own) among them — unless ``force``.
    ``places`` names where a concept comes from ('file:line') in messages."""
    places = places or {}
    found = list(problems or [])
    found += [(places.get(p.concept, ""), p) for p in new_errors(before, after)
              if (p.concept, p.message) not in {(q.concept, q.message) for _, q in found}]
    errors = [(place, p) for place, p in found if p.severity == "error"]
    if errors and not force:
        raise GlossaryRefused(errors)
    changes = changes_between(command, before, after)
    if not dry_run and changes:
        store.write_glossary_changes(changes, user=user, command=command)
    return changes


def import_concepts(store: TranslationMemory, concepts: Iterable[Concept], *,
                    replace: bool = False, user: str = "library") -> ImportResult:
    """:meth:`Store.import_glossary`: merge (or ``replace``) without validating, recorded
    in the history; counts the terms added and those already stored."""
    from . import ImportResult  # (the package imports this module before it defines that)

    incoming = list(concepts)
    before = store.concepts()
    known = {(c.key, t.lang, t.text) for c in before for t in c.terms}
    seen = [(c.key, langtags.normalize(t.lang), nfc(t.text.strip()))
            for c in incoming for t in c.terms]
    apply(store, "import", before, merge(before, incoming, replace=replace), user=user,
          force=True)
    duplicates = sum(1 for term in seen if term in known)
    return ImportResult(read=len(incoming), added=len(seen) - duplicates, duplicates=duplicates)

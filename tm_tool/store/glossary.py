"""Glossary writes and their history: a command's changed concepts are written, and each change
recorded (who, when, the concept before and after), in one transaction.

``glossary_history`` (schema version 5) keeps one row per changed concept; ``before`` and
``after`` are the concept as JSON (NULL when it did not exist / was removed)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import langtags
from ..errors import InputError
from ..glossary import Problem
from ..glossary_changes import (
    Change,
    changes_between,
    concept_dict,
    concept_from_dict,
    merge,
    new_errors,
)
from ..model import Concept
from ..text import nfc
from . import ImportResult, utc_now  # (the package imports this module only when called)

if TYPE_CHECKING:
    from . import Store


@dataclass
class HistoryEntry:
    at: str  # ISO 8601 UTC
    user: str
    command: str
    change: Change

    def as_dict(self) -> dict:
        return {"at": self.at, "user": self.user, "command": self.command,
                **self.change.as_dict()}


def write_changes(conn: sqlite3.Connection, changes: list[Change], *, user: str, command: str,
                  at: str) -> None:
    """Store the concepts as ``changes`` leave them and record each change (the caller holds
    the transaction). A changed concept keeps its row, so the glossary keeps its order."""
    for change in changes:
        before, after = change.before, change.after
        row = conn.execute("SELECT id FROM concepts WHERE key = ?",
                           ((before or after).key,)).fetchone()  # type: ignore[union-attr]
        if after is None:
            conn.execute("DELETE FROM concepts WHERE id = ?", (row[0],))
        else:
            if row:
                concept_id = row[0]
                conn.execute("UPDATE concepts SET key = ?, definition = ?, note = ?, "
                             "subject = ?, changed_at = ? WHERE id = ?",
                             (after.key, after.definition, after.note, after.subject, at,
                              concept_id))
                conn.execute("DELETE FROM terms WHERE concept_id = ?", (concept_id,))
            else:
                concept_id = conn.execute(
                    "INSERT INTO concepts (key, definition, note, subject, created_at, "
                    "changed_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (after.key, after.definition, after.note, after.subject, at, at)).lastrowid
            conn.executemany(
                "INSERT INTO terms (concept_id, lang, text, status, case_sensitive, pos, note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(concept_id, t.lang, t.text, t.status,
                  None if t.case_sensitive is None else int(t.case_sensitive), t.pos, t.note)
                 for t in after.terms])
        conn.execute(
            "INSERT INTO glossary_history (at, user, command, action, concept, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (at, user, command, change.action, change.key,
             _json(concept_dict(before)), _json(concept_dict(after))))


def history(conn: sqlite3.Connection, *, concept: str | None = None, since: str | None = None
            ) -> list[HistoryEntry]:
    """Recorded changes, oldest first; ``concept`` matches its id before or after a rename."""
    sql = "SELECT at, user, command, action, before, after FROM glossary_history WHERE 1"
    args: list[str] = []
    if concept:
        sql += (" AND (concept = ? OR json_extract(before, '$.key') = ?"
                " OR json_extract(after, '$.key') = ?)")
        args += [concept] * 3
    if since:
        sql += " AND at >= ?"
        args.append(since)
    return [HistoryEntry(at, user, command, Change(action, concept_from_dict(_load(before)),
                                                   concept_from_dict(_load(after))))
            for at, user, command, action, before, after in conn.execute(sql + " ORDER BY id",
                                                                          args)]


def _json(data: dict | None) -> str | None:
    return None if data is None else json.dumps(data, ensure_ascii=False)


def _load(text: str | None) -> dict | None:
    return None if text is None else json.loads(text)


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


def apply(store: Store, command: str, before: list[Concept], after: list[Concept], *,
          user: str, force: bool = False, dry_run: bool = False,
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
        with store.transaction():
            write_changes(store.conn, changes, user=user, command=command,
                          at=utc_now())
    return changes


def import_concepts(store: Store, concepts: Iterable[Concept], *, replace: bool = False,
                    user: str = "library") -> ImportResult:
    """:meth:`Store.import_glossary`: merge (or ``replace``) without validating, recorded
    in the history; counts the terms added and those already stored."""
    incoming = list(concepts)
    before = store.concepts()
    known = {(c.key, t.lang, t.text) for c in before for t in c.terms}
    seen = [(c.key, langtags.normalize(t.lang), nfc(t.text.strip()))
            for c in incoming for t in c.terms]
    apply(store, "import", before, merge(before, incoming, replace=replace), user=user,
          force=True)
    duplicates = sum(1 for term in seen if term in known)
    return ImportResult(read=len(incoming), added=len(seen) - duplicates, duplicates=duplicates)

"""The glossary's history: one row per changed concept (who, when, which command, the concept
before and after), written with the change (:mod:`tm_tool.store.glossary`) and read by
``tm glossary history``.

``glossary_history`` (schema version 5): ``before`` and ``after`` are the concept as JSON
(NULL when it did not exist / was removed)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..glossary_changes import Change, concept_dict, concept_from_dict

if TYPE_CHECKING:
    from .segment_history import SegmentChange


@dataclass
class HistoryEntry:
    """One recorded change, of a concept (:class:`Change`) or of a segment
    (:class:`~tm_tool.store.segment_history.SegmentChange`): who, when, which command."""

    at: str  # ISO 8601 UTC
    user: str
    command: str
    change: Change | SegmentChange

    def as_dict(self) -> dict:
        return {"at": self.at, "user": self.user, "command": self.command,
                **self.change.as_dict()}


def record(conn: sqlite3.Connection, change: Change, *, user: str, command: str, at: str
           ) -> None:
    """Record one change (the caller holds the transaction that makes it)."""
    conn.execute(
        "INSERT INTO glossary_history (at, user, command, action, concept, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (at, user, command, change.action, change.key,
         _json(concept_dict(change.before)), _json(concept_dict(change.after))))


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

"""The segments' history: one row per changed segment (who, when, which command, the changed
fields before and after), written in the transaction that makes the change
(:mod:`tm_tool.store.maintenance`) and read by ``tm segments history``.

``segment_history`` (schema version 6): ``before``/``after`` are JSON objects of the fields the
change touched; a deleted segment's ``before`` is the whole segment and its ``after`` NULL (for
a duplicate removed by dedupe, ``{"duplicate_of": id}``, the segment that was kept)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from dataclasses import dataclass

from ..model import Segment
from .history import HistoryEntry

# What a segment change's action is called (the history's ``action`` column).
ACTIONS = ("edit", "set-status", "delete", "dedupe", "import-update")


@dataclass
class SegmentChange:
    """One segment before and after a command: only the fields that changed."""

    segment_id: int
    action: str  # one of ACTIONS
    before: dict | None
    after: dict | None

    @property
    def touches_texts(self) -> bool:
        """Whether the search index must follow: a deletion, or a changed source or target."""
        return self.action in ("delete", "dedupe") or bool({"source", "target"} & set(
            self.after or {}))

    def as_dict(self) -> dict:
        return {"segment_id": self.segment_id, "action": self.action, "before": self.before,
                "after": self.after}


# (one entry class for both histories)
SegmentHistoryEntry = HistoryEntry


def segment_dict(seg: Segment) -> dict:
    """Every stored field of a segment (what ``tm segments show --json`` prints)."""
    data = dataclasses.asdict(seg)
    data.pop("line")
    data["props"] = [list(p) for p in seg.props]
    return data


def record(conn: sqlite3.Connection, changes: list[SegmentChange], *, user: str, command: str,
           at: str) -> None:
    """Record changes (the caller holds the transaction that makes them)."""
    conn.executemany(
        "INSERT INTO segment_history (segment_id, at, user, command, action, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(c.segment_id, at, user, command, c.action, _json(c.before), _json(c.after))
         for c in changes])


def history(conn: sqlite3.Connection, segment_ids: list[int] | None = None
            ) -> list[SegmentHistoryEntry]:
    """Recorded changes of these segments (None: of all), oldest first."""
    sql = "SELECT id, segment_id, at, user, command, action, before, after FROM segment_history"
    if segment_ids is None:
        rows = conn.execute(sql).fetchall()
    else:
        rows = []
        for start in range(0, len(segment_ids), 500):  # (under SQLite's parameter limit)
            part = segment_ids[start:start + 500]
            rows += conn.execute(f"{sql} WHERE segment_id IN ({','.join('?' * len(part))})",
                                 part).fetchall()
    return [SegmentHistoryEntry(at, user, command,
                                SegmentChange(seg_id, action, _load(before), _load(after)))
            for _, seg_id, at, user, command, action, before, after in sorted(rows)]


def highest_recorded_id(conn: sqlite3.Connection) -> int:
    """The highest segment id the history names (0: none): ids at or below it are never
    given to a new segment, so a deleted segment's history never shows another's."""
    return conn.execute("SELECT ifnull(max(segment_id), 0) FROM segment_history").fetchone()[0]


def _json(data: dict | None) -> str | None:
    return None if data is None else json.dumps(data, ensure_ascii=False)


def _load(text: str | None) -> dict | None:
    return None if text is None else json.loads(text)

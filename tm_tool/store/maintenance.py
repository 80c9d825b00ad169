"""Correcting the stored memory: selecting segments (:class:`Selection`), editing, deleting,
setting their status and removing duplicates, each change recorded in the segment history
(store/segment_history.py). :class:`tm_tool.store.Store`'s maintenance methods wrap these in
one transaction each and re-index what they changed (index/writer.py ``reindex``).

The functions here take a connection whose write transaction the caller holds.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from .. import langtags
from ..errors import UsageError
from ..model import SEGMENT_STATUSES, Segment
from ..text import nfc
from .ingest import source_key_hashes, target_key_hashes
from .rows import SELECT_COLUMNS, read_segment
from .segment_history import SegmentChange, segment_dict
from .segments import EVERYTHING, SegmentFilter

_FROM = "FROM segments s LEFT JOIN origins o ON o.id = s.origin_id"
EDITABLE = ("source", "target", "note", "status")
# Most trusted first: which of several identical segments dedupe keeps.
TRUST = ("approved", "reviewed", "translated", "fuzzy", "draft", "new", "rejected")
assert set(TRUST) == set(SEGMENT_STATUSES)


@dataclass(frozen=True)
class Selection:
    """Which segments a maintenance command works on: a :class:`SegmentFilter`, id ranges
    (inclusive; a single id is a range of one) and a substring of the source or target.
    ``contains`` is found with SQL ``instr`` on the stored (NFC) texts: exact and case-sensitive,
    a scan of the table (unlike concordance, which folds case, width and script and matches
    whole English words), so that what a command deletes is exactly what it was asked to."""

    matching: SegmentFilter = EVERYTHING
    ranges: tuple[tuple[int, int], ...] = ()
    contains: str | None = None

    def is_everything(self) -> bool:
        return not (self.matching.chosen() or self.ranges or self.contains)

    def where(self) -> tuple[str, list]:
        sql, params = self.matching.where()
        clauses = [sql.removeprefix(" WHERE ")] if sql else []
        if self.ranges:
            clauses.append("(" + " OR ".join("s.id BETWEEN ? AND ?" for _ in self.ranges) + ")")
            params += [bound for pair in self.ranges for bound in pair]
        if self.contains:
            clauses.append("(instr(s.source, ?) OR instr(s.target, ?))")
            params += [nfc(self.contains)] * 2
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


ALL_SEGMENTS = Selection()


def select(conn: sqlite3.Connection, selection: Selection, *, limit: int | None = None,
           offset: int = 0) -> list[Segment]:
    """The selected segments in id order, ``limit`` of them from ``offset``."""
    sql, params = selection.where()
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    return [read_segment(row) for row in conn.execute(
        f"SELECT {SELECT_COLUMNS} {_FROM}{sql} ORDER BY s.id{page}", params)]


def count(conn: sqlite3.Connection, selection: Selection) -> int:
    sql, params = selection.where()
    return conn.execute(f"SELECT count(*) {_FROM}{sql}", params).fetchone()[0]


def check_ids(conn: sqlite3.Connection, ranges: tuple[tuple[int, int], ...]) -> None:
    """Refuse a single id that is not stored, or a range that holds none."""
    for first, last in ranges:
        if not conn.execute("SELECT 1 FROM segments WHERE id BETWEEN ? AND ? LIMIT 1",
                            (first, last)).fetchone():
            what = f"segment {first}" if first == last else f"segment in {first}-{last}"
            raise UsageError(f"no {what} in the database")


def _stored(conn: sqlite3.Connection, segment_id: int) -> Segment:
    check_ids(conn, ((segment_id, segment_id),))
    (seg,) = select(conn, Selection(ranges=((segment_id, segment_id),)))
    return seg


def _check_value(name: str, value: str | None) -> None:
    if name == "status" and value not in SEGMENT_STATUSES:
        raise UsageError(f"status {value!r}: use one of {', '.join(SEGMENT_STATUSES)}")
    if name in ("source", "target") and not (value or "").strip():
        raise UsageError(f"the {name} cannot be empty (delete the segment instead)")
    if value and "\x00" in value:
        raise UsageError(f"NUL character (U+0000) in the {name}")


def edit(conn: sqlite3.Connection, segment_id: int, values: dict[str, str | None], *,
         user: str, at: str, action: str = "edit") -> SegmentChange | None:
    """Give the segment these values (of :data:`EDITABLE`; texts NFC); None when nothing
    changes. A changed text loses its imported inline markup (it no longer fits) and gets new
    key hashes; its de-duplication key stays, so re-importing the file it came from does not
    bring the old text back."""
    seg = _stored(conn, segment_id)
    wanted: dict[str, str | None] = {}
    for name, value in values.items():
        if name not in EDITABLE:
            raise UsageError(f"cannot edit {name!r}: only {', '.join(EDITABLE)}")
        _check_value(name, value)
        value = nfc(value) if value is not None and name != "status" else value
        if getattr(seg, name) != value:
            wanted[name] = value
    for side in ("source", "target"):
        if side in wanted and getattr(seg, f"{side}_markup") is not None:
            wanted[f"{side}_markup"] = None
    if not wanted:
        return None
    before = {name: getattr(seg, name) for name in wanted}
    columns = dict(wanted, changed_at=at, changer=user)
    if "source" in wanted:
        columns["source_key_hash"] = source_key_hashes([wanted["source"] or ""])[0]
    if "target" in wanted:
        columns["target_key_hash"] = target_key_hashes([wanted["target"] or ""])[0]
    conn.execute(f"UPDATE segments SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                 [*columns.values(), segment_id])
    return SegmentChange(segment_id, action, before, wanted)


def delete(conn: sqlite3.Connection, segments: list[Segment], *, action: str = "delete",
           kept: dict[int, int] | None = None) -> list[SegmentChange]:
    """Delete the segments; each change's ``before`` is the whole segment (``kept``: the id
    of the segment a duplicate was removed for)."""
    ids = [seg.id for seg in segments]
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        conn.execute(f"DELETE FROM segments WHERE id IN ({','.join('?' * len(part))})", part)
    return deletions(segments, action=action, kept=kept)


def deletions(segments: list[Segment], *, action: str = "delete",
              kept: dict[int, int] | None = None) -> list[SegmentChange]:
    """The changes deleting ``segments`` makes (what a dry run reports)."""
    kept = kept or {}
    return [SegmentChange(seg.id, action, segment_dict(seg),  # type: ignore[arg-type]
                          {"duplicate_of": kept[seg.id]} if seg.id in kept else None)
            for seg in segments]


@dataclass
class DuplicateGroup:
    """Segments with the same texts in one language pair: the one kept, the ones removed."""

    kept: Segment
    removed: list[Segment] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"kept": self.kept.id, "removed": [seg.id for seg in self.removed],
                "source": self.kept.source, "target": self.kept.target}


def _trust(seg: Segment) -> tuple:
    """Sort key: most trusted status first, then the newest change, then the newest id."""
    rank = TRUST.index(seg.status) if seg.status in TRUST else len(TRUST)
    return rank, _negated(seg.changed_at or ""), -(seg.id or 0)


def _negated(stamp: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in stamp)


def duplicate_groups(conn: sqlite3.Connection, selection: Selection = ALL_SEGMENTS
                     ) -> list[DuplicateGroup]:
    """Groups of selected segments whose source and target are identical (NFC, as stored) in
    the same language pair (primary languages: zh-CN and zh are one), in id order of the kept
    segment. Candidates are found by the source key hash in SQL, then compared exactly."""
    sql, params = selection.where()
    rows = conn.execute(
        f"SELECT {SELECT_COLUMNS} {_FROM}{sql}{' AND' if sql else ' WHERE'} s.source_key_hash "
        "IN (SELECT source_key_hash FROM segments GROUP BY 1 HAVING count(*) > 1) "
        "ORDER BY s.id", params)
    groups: dict[tuple[str, str, str, str], list[Segment]] = {}
    for row in rows:
        seg = read_segment(row)
        key = (seg.source, seg.target, langtags.primary(seg.source_lang),
               langtags.primary(seg.target_lang))
        groups.setdefault(key, []).append(seg)
    found = []
    for members in groups.values():
        if len(members) > 1:
            best, *rest = sorted(members, key=_trust)
            found.append(DuplicateGroup(best, sorted(rest, key=lambda s: s.id or 0)))
    found.sort(key=lambda g: g.kept.id or 0)
    return found

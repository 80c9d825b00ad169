"""The segments table's row, declared once.

:class:`SegmentRow` names the stored columns (all but ``id``) in the order the import builds its
rows. Everything that depends on that order is derived from it here: the INSERT statement, the
positions the import pipeline fills in (:data:`SOURCE` …), and the SELECT list that reads a
stored row back into a :class:`~tm_tool.model.Segment`. The import works on plain lists in this
order (a NamedTuple per row cost 5 µs more per segment); ``SegmentRow(*row)`` reads one by name.
"""

from __future__ import annotations

import dataclasses
import json
from hashlib import blake2b
from typing import NamedTuple

from .. import langtags
from ..model import Segment


class SegmentRow(NamedTuple):
    """One segment as stored (schema.py's ``segments`` table, without its ``id``)."""

    source: str  # NFC (the pipeline normalises the text the reader gave)
    target: str
    source_lang: str  # langtags.normalize'd
    target_lang: str
    source_key_hash: int | None  # filled in by the pipeline (ingest.derive)
    target_key_hash: int | None
    origin_id: int | None
    position: int | None
    unit_id: str | None
    source_markup: str | None
    target_markup: str | None
    created_at: str
    changed_at: str
    creator: str | None
    changer: str | None
    usage_count: int
    status: str
    note: str | None
    props: str | None  # JSON list of [type, value]
    dedup_key: bytes | None  # filled in by the pipeline, from the segment's identity


COLUMNS: tuple[str, ...] = SegmentRow._fields
WIDTH = len(COLUMNS)
# Where the pipeline reads the texts and writes what it derives from them.
SOURCE, TARGET, SOURCE_LANG, TARGET_LANG, SOURCE_HASH, TARGET_HASH, DEDUP_KEY = (
    COLUMNS.index(name) for name in ("source", "target", "source_lang", "target_lang",
                                     "source_key_hash", "target_key_hash", "dedup_key"))

INSERT_SQL = (f"INSERT OR IGNORE INTO segments ({', '.join(COLUMNS)}) "
              f"VALUES ({', '.join('?' * WIDTH)})")
# (with the id first: after a deletion, see importing.SegmentSink.insert)
INSERT_WITH_ID_SQL = (f"INSERT OR IGNORE INTO segments (id, {', '.join(COLUMNS)}) "
                      f"VALUES ({', '.join('?' * (WIDTH + 1))})")


def new_row(seg: Segment, origin_id: int | None, now: str) -> list:
    """The row of ``seg``, in :data:`COLUMNS` order, before the pipeline fills in the texts'
    NFC form, the key hashes and the de-duplication key."""
    return [
        seg.source,
        seg.target,
        langtags.normalize(seg.source_lang),
        langtags.normalize(seg.target_lang),
        None,
        None,
        origin_id,
        seg.position,
        seg.unit_id,
        seg.source_markup,
        seg.target_markup,
        seg.created_at or now,
        seg.changed_at or seg.created_at or now,
        seg.creator,
        seg.changer,
        seg.usage_count or 0,
        seg.status or "translated",
        seg.note,
        json.dumps([list(p) for p in seg.props], ensure_ascii=False) if seg.props else None,
        None,
    ]


# --- identity: what besides its texts makes a segment the same on re-import --------------------

def identity(source_lang: str, target_lang: str, origin: str | None, position: int | None
             ) -> str:
    """The identity string of a segment; the import passes the *normalised* tags ('zh_CN' and
    'zh-CN' are one language). Older tm_tool passed the tags as the file wrote them, so a
    database it made holds keys of those: the import looks such keys up too (importing.py)."""
    return f"{source_lang}\x1f{target_lang}\x1f{origin or ''}\x1f{position or ''}"


def dedup_key(who: str, source: str, target: str) -> bytes:
    """The ``dedup_key`` column: the identity and the texts as the file gave them (before NFC)."""
    return blake2b(f"{who}\x1f{source}\x1f{target}".encode(), digest_size=16).digest()


# --- reading a stored row back ------------------------------------------------------------------

# Segment's fields up to props, in its order, are selected first (so ``Segment(*row[:n])``
# takes them positionally), then the id; origin is the origin's name.
_STORED_FIELDS = tuple(f.name for f in dataclasses.fields(Segment)
                       if f.name in COLUMNS or f.name == "origin")
_PROPS = _STORED_FIELDS.index("props")
assert _STORED_FIELDS[-1] == "props"  # props is decoded, not passed positionally
SELECT_COLUMNS = ", ".join(
    ["o.name" if name == "origin" else f"s.{name}" for name in _STORED_FIELDS] + ["s.id"])
SELECTED = len(_STORED_FIELDS) + 1  # columns SELECT_COLUMNS gives (callers append theirs)


def read_segment(row: tuple) -> Segment:
    """The Segment of a row selected with :data:`SELECT_COLUMNS` (from ``segments s LEFT JOIN
    origins o ON o.id = s.origin_id``)."""
    props = row[_PROPS]
    return Segment(*row[:_PROPS],
                   props=[tuple(p) for p in json.loads(props)] if props else [],
                   id=row[_PROPS + 1])


# --- what tm check reads ----------------------------------------------------------------------

# The fields the checks look at (their texts, markup and languages) and the id, selected
# without the origin's join, the dates and the props: a Segment from these has the others
# at their defaults. Reading 100,000 rows: 0.39 → 0.19 s of fetching, and no JSON decoded.
CHECKED_FIELDS = ("source", "target", "source_lang", "target_lang", "source_markup",
                  "target_markup")
CHECKED_COLUMNS = ", ".join(f"s.{name}" for name in (*CHECKED_FIELDS, "id"))


def read_checked(row: tuple) -> Segment:
    """The Segment of a row selected with :data:`CHECKED_COLUMNS` (the other fields at their
    defaults)."""
    source, target, source_lang, target_lang, source_markup, target_markup, seg_id = row[:7]
    return Segment(source, target, source_lang, target_lang, source_markup=source_markup,
                   target_markup=target_markup, id=seg_id)

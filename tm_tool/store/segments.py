"""Reading stored segments: which ones (:class:`SegmentFilter`), in what order, and the few
columns lookups and imports need (texts, origins, language pairs)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import astuple, dataclass, fields

from .. import langtags
from ..model import Segment
from ..text import match_key
from .ingest import key_hash
from .rows import CHECKED_COLUMNS, SELECT_COLUMNS, read_checked, read_segment

SIDES = ("source", "target")
_ID_CHUNK = 900  # ids per "IN (…)": under SQLite's old limit of 999 parameters


@dataclass(frozen=True)
class SegmentFilter:
    """Which stored segments a command wants; a field left None does not filter. The CLI's
    options, the export and the store's queries share it."""

    origin: str | None = None  # the document's name
    since: str | None = None  # changed at or after (ISO 8601 UTC, compared as text)
    status: str | None = None
    src: str | None = None  # source language: any tag of its primary language (zh: zh-CN …)
    tgt: str | None = None  # target language, the same way

    def chosen(self) -> dict[str, str]:
        """The fields that filter, by name, in declaration order."""
        return {f.name: value for f, value in zip(fields(self), astuple(self), strict=True)
                if value}

    def matches_pair(self, source: str, target: str) -> bool:
        """Whether a language pair (two tags) passes the ``src``/``tgt`` filters."""
        return all(not wanted or langtags.primary(tag) == langtags.primary(wanted)
                   for tag, wanted in ((source, self.src), (target, self.tgt)))

    def where(self, ids: Iterable[int] | None = None) -> tuple[str, list]:
        """The SQL WHERE clause (empty when nothing filters) and its parameters, over
        ``segments s LEFT JOIN origins o``; ``ids`` keeps only those segments."""
        clauses, params = [], []
        for clause, value in (("o.name = ?", self.origin), ("s.changed_at >= ?", self.since),
                              ("s.status = ?", self.status)):
            if value:
                clauses.append(clause)
                params.append(value)
        for column, lang in (("s.source_lang", self.src), ("s.target_lang", self.tgt)):
            if lang:
                clauses.append(f"({column} = ? OR {column} LIKE ?)")
                primary = langtags.primary(lang)
                params += [primary, primary + "-%"]
        if ids is not None:
            id_list = list(ids)
            clauses.append(f"s.id IN ({','.join('?' * len(id_list))})")
            params += id_list
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


EVERYTHING = SegmentFilter()

_FROM = "FROM segments s LEFT JOIN origins o ON o.id = s.origin_id"


def iter_segments(conn: sqlite3.Connection, where: SegmentFilter = EVERYTHING, *,
                  ids: Iterable[int] | None = None, chunk: int = 2000,
                  document_order: bool = True) -> Iterator[Segment]:
    """Segments in document order (origin, position, id), streamed; or in id order
    (``document_order=False``: a sequential read, ~3x faster on a large TM)."""
    sql, params = where.where(ids)
    order = "s.origin_id, s.position, s.id" if document_order else "s.id"
    cursor = conn.execute(f"SELECT {SELECT_COLUMNS} {_FROM}{sql} ORDER BY {order}", params)
    while rows := cursor.fetchmany(chunk):
        for row in rows:
            yield read_segment(row)


def count_segments(conn: sqlite3.Connection, where: SegmentFilter = EVERYTHING) -> int:
    sql, params = where.where()
    return conn.execute(f"SELECT count(*) {_FROM}{sql}", params).fetchone()[0]


def get_segments(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, Segment]:
    """id → Segment, for those of ``ids`` that are stored."""
    id_list = list(ids)
    found: dict[int, Segment] = {}
    for start in range(0, len(id_list), 500):
        for seg in iter_segments(conn, ids=id_list[start:start + 500]):
            assert seg.id is not None
            found[seg.id] = seg
    return found


def segments_with_source_key(conn: sqlite3.Connection, key: str) -> list[Segment]:
    """Segments whose normalised source equals ``key`` (a text.match_key)."""
    ids = [row[0] for row in conn.execute(
        "SELECT id FROM segments WHERE source_key_hash = ?", (key_hash(key),))]
    return [s for s in get_segments(conn, ids).values() if match_key(s.source) == key]


def conflicting_segments(conn: sqlite3.Connection) -> Iterator[tuple[Segment, int, int]]:
    """The segments a consistency check has to compare, with their source and target key
    hashes: those whose source has more than one translation, or whose translation has
    more than one source (by key hash, so a few more may come: the check decides)."""
    rows = conn.execute(
        f"SELECT {SELECT_COLUMNS}, s.source_key_hash, s.target_key_hash {_FROM} "
        # NOT INDEXED: a scan and a sort beat a million random lookups through the index
        "WHERE s.source_key_hash IN (SELECT source_key_hash FROM segments NOT INDEXED "
        "GROUP BY 1 HAVING count(DISTINCT target_key_hash) > 1) "
        "OR s.target_key_hash IN (SELECT target_key_hash FROM segments GROUP BY 1 "
        "HAVING count(DISTINCT source_key_hash) > 1) ORDER BY s.id")
    for row in rows:
        yield read_segment(row), row[-2], row[-1]


def conflicting_keys(conn: sqlite3.Connection) -> Iterator[tuple[int, int, int]]:
    """(id, source key hash, target key hash) of the segments :func:`conflicting_segments`
    gives, without their texts (in id order), streamed."""
    return conn.execute(
        "SELECT s.id, s.source_key_hash, s.target_key_hash FROM segments s "
        "WHERE s.source_key_hash IN (SELECT source_key_hash FROM segments NOT INDEXED "
        "GROUP BY 1 HAVING count(DISTINCT target_key_hash) > 1) "
        "OR s.target_key_hash IN (SELECT target_key_hash FROM segments GROUP BY 1 "
        "HAVING count(DISTINCT source_key_hash) > 1) ORDER BY s.id")


def id_ranges(conn: sqlite3.Connection, size: int) -> Iterator[tuple[int, int, int]]:
    """(first id, last id, rows) of consecutive runs of ``size`` stored segments (the last
    run may be shorter), covering every segment: ranges that workers read on their own."""
    cursor = conn.execute("SELECT id FROM segments ORDER BY id")
    while ids := [row[0] for row in cursor.fetchmany(size)]:
        yield ids[0], ids[-1], len(ids)


def segments_between(conn: sqlite3.Connection, first: int, last: int) -> Iterator[Segment]:
    """The segments with ids ``first`` to ``last`` (both included), in id order."""
    cursor = conn.execute(f"SELECT {SELECT_COLUMNS} {_FROM} WHERE s.id BETWEEN ? AND ? "
                          "ORDER BY s.id", (first, last))
    for row in cursor:
        yield read_segment(row)


def keyed_segments_between(conn: sqlite3.Connection, first: int, last: int
                           ) -> Iterator[tuple[Segment, int, int]]:
    """(segment, source key hash, target key hash) of the segments with ids ``first`` to
    ``last`` (both included), in id order: what the consistency checks group on, read with
    the rows (no second pass over the table). The segments hold what the checks read only
    (rows.CHECKED_FIELDS and the id)."""
    cursor = conn.execute(f"SELECT {CHECKED_COLUMNS}, s.source_key_hash, s.target_key_hash "
                          "FROM segments s WHERE s.id BETWEEN ? AND ? ORDER BY s.id",
                          (first, last))
    for row in cursor:
        yield read_checked(row), row[-2], row[-1]


def checked_segments(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, Segment]:
    """id → Segment holding what the checks read only (rows.CHECKED_FIELDS and the id), for
    those of ``ids`` that are stored."""
    return {row[6]: read_checked(row)
            for row in _rows_of(conn, f"SELECT {CHECKED_COLUMNS} FROM segments s", list(ids))}


def texts(conn: sqlite3.Connection, ids: Sequence[int], side: str
          ) -> Iterator[tuple[int, str, str]]:
    """(id, text, language tag) of one side ("source" or "target") of the stored segments
    among ``ids``, read ≤ 900 ids at a time (in no particular order)."""
    if side not in SIDES:
        raise ValueError(f"side must be 'source' or 'target', not {side!r}")
    yield from _rows_of(conn, f"SELECT s.id, s.{side}, s.{side}_lang FROM segments s", ids)


def _rows_of(conn: sqlite3.Connection, select: str, ids: Sequence[int]) -> Iterator[tuple]:
    """The rows of ``select`` (a SELECT … FROM segments s) for the segments among ``ids``,
    ≤ 900 ids a statement (in no particular order)."""
    for start in range(0, len(ids), _ID_CHUNK):
        chunk = list(ids[start:start + _ID_CHUNK])
        yield from conn.execute(f"{select} WHERE s.id IN ({','.join('?' * len(chunk))})",
                                chunk)


def origin_path(conn: sqlite3.Connection, name: str) -> str | None:
    """Where the document ``name`` was last imported from (None: unknown, or no path)."""
    row = conn.execute("SELECT path FROM origins WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def languages(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """The distinct (source language, target language) pairs of the stored segments, in
    sorted order: a loose scan of the segments_languages index, one probe per pair (a memory
    holds a few), where a GROUP BY reads every segment."""
    # (column by column: SQLite seeks a row-value comparison on its first column only, and
    # would read every segment of the last pair to find that none follows)
    pairs: list[tuple[str, str]] = []
    source = conn.execute("SELECT min(source_lang) FROM segments").fetchone()[0]
    while source is not None:
        target = conn.execute("SELECT min(target_lang) FROM segments WHERE source_lang = ?",
                              (source,)).fetchone()[0]
        while target is not None:
            pairs.append((source, target))
            target = conn.execute("SELECT min(target_lang) FROM segments WHERE source_lang = ? "
                                  "AND target_lang > ?", (source, target)).fetchone()[0]
        source = conn.execute("SELECT min(source_lang) FROM segments WHERE source_lang > ?",
                              (source,)).fetchone()[0]
    return pairs


def language_pairs(conn: sqlite3.Connection) -> list[dict]:
    """[{"source", "target", "segments"}], the most frequent pair first."""
    return [{"source": s, "target": t, "segments": n} for s, t, n in conn.execute(
        "SELECT source_lang, target_lang, count(*) FROM segments "
        "GROUP BY source_lang, target_lang ORDER BY count(*) DESC")]

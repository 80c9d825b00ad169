"""Copying a whole store from one backend to another (``tm migrate SRC DEST``): SQLite to
PostgreSQL and back, or any store to an empty one of either kind.

Every table is copied row for row, ids and all: the segments with their documents, the glossary,
both histories, and the search index (its rows are the same on both backends, so it is not
built again). The destination must hold nothing yet; it is written in one transaction, so a
failed copy leaves it empty (a new SQLite file is removed). Afterwards each table is read back
from both stores and compared by row count and SHA-256 of its rows in key order: a copy that
differs in one value is an error, not a success.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ...errors import StoreError
from .. import Store

# table → (columns, key order, PostgreSQL COPY types); the SQLite schema at version 6
_TABLES: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "origins": (("id", "name", "path", "format", "imported_at"), "id",
                ("int8", "text", "text", "text", "text")),
    "segments": (("id", "source", "target", "source_lang", "target_lang", "source_key_hash",
                  "target_key_hash", "origin_id", "position", "unit_id", "source_markup",
                  "target_markup", "created_at", "changed_at", "creator", "changer",
                  "usage_count", "status", "note", "props", "dedup_key"), "id",
                 ("int8", "text", "text", "text", "text", "int8", "int8", "int8", "int8",
                  "text", "text", "text", "text", "text", "text", "text", "int8", "text",
                  "text", "text", "bytea")),
    "concepts": (("id", "key", "definition", "note", "subject", "created_at", "changed_at"),
                 "id", ("int8", "text", "text", "text", "text", "text", "text")),
    "terms": (("id", "concept_id", "lang", "text", "status", "case_sensitive", "pos", "note"),
              "id", ("int8", "int8", "text", "text", "text", "int8", "text", "text")),
    "glossary_history": (("id", "at", "user", "command", "action", "concept", "before",
                          "after"), "id", ("int8", *["text"] * 7)),
    "segment_history": (("id", "segment_id", "at", "user", "command", "action", "before",
                         "after"), "id", ("int8", "int8", *["text"] * 6)),
    "search_chunks": (("chunk", "first_id", "last_id", "postings", "own_grams"), "chunk",
                      ("int8", "int8", "int8", "int8", "bytea")),
    "search_grams": (("key", "ids"), "key", ("int8", "bytea")),
    "search_buckets": (("key", "grams", "starts", "ids"), "key",
                       ("int8", "bytea", "bytea", "bytea")),
    "search_lengths": (("side", "first_id", "lengths"), "side, first_id",
                       ("int8", "int8", "bytea")),
}
_CONTENT = ("segments", "concepts", "origins", "glossary_history", "segment_history")
_BATCH = 5000


@dataclass
class TableCopy:
    rows: int
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "sha256": self.sha256}


@dataclass
class MigrateResult:
    source: str
    destination: str
    tables: dict[str, TableCopy] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "destination": self.destination,
                "tables": {name: t.as_dict() for name, t in self.tables.items()}}


def _select(table: str) -> str:
    columns, order, _ = _TABLES[table]
    shown = ", ".join(f'"{c}"' if c == "user" else c for c in columns)
    return f"SELECT {shown} FROM {table} ORDER BY {order}"


def _rows(store: Store, table: str) -> Iterator[tuple]:
    """The rows of ``table`` in key order, a batch at a time (a server-side cursor on
    PostgreSQL: a million segments are not held in memory)."""
    from . import PostgresStore

    sql = _select(table)
    if isinstance(store, PostgresStore):
        pg = store.conn.pg  # type: ignore[attr-defined]
        with pg.transaction(), pg.cursor(name=f"tm_migrate_{table}") as cursor:
            cursor.itersize = _BATCH
            cursor.execute(sql)
            yield from cursor
        return
    cursor = store.conn.execute(sql.replace('"user"', "user"))
    while batch := cursor.fetchmany(_BATCH):
        yield from batch


def _digest(rows: Iterator[tuple]) -> TableCopy:
    digest, count = hashlib.sha256(), 0
    for row in rows:
        count += 1
        digest.update(repr(tuple(bytes(v).hex() if isinstance(v, bytes | memoryview) else v
                                 for v in row)).encode())
    return TableCopy(count, digest.hexdigest())


def _write(dest: Store, table: str, rows: Iterator[tuple]) -> None:
    from . import PostgresStore

    columns, _, types = _TABLES[table]
    if isinstance(dest, PostgresStore):
        dest.conn.copy(table, [f'"{c}"' if c == "user" else c  # type: ignore[attr-defined]
                               for c in columns], types, rows)
        return
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' * len(columns))})")
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            dest.conn.executemany(sql, batch)
            batch = []
    dest.conn.executemany(sql, batch)


def _refuse_nonempty(dest: Store) -> None:
    for table in _CONTENT:
        if dest.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            raise StoreError("the destination is not empty (it holds " + table.replace("_", " ")
                             + "); migrate copies into a new store", path=dest.path)


def migrate(source: str, destination: str) -> MigrateResult:
    """Copy the store at ``source`` into the new or empty store at ``destination`` and
    verify it (see the module's doc)."""
    if source == destination:
        raise StoreError("the source and the destination are the same store", path=source)
    with Store.open(source) as src, Store.open(destination, create=True) as dest:
        result = MigrateResult(src.path, dest.path)
        with dest.transaction():
            _refuse_nonempty(dest)
            for table in _TABLES:
                _write(dest, table, _rows(src, table))
        for table in _TABLES:
            copied, expected = _digest(_rows(dest, table)), _digest(_rows(src, table))
            if copied != expected:
                raise StoreError(f"the copy of {table} differs from the source ({copied.rows} "
                                 f"rows, {expected.rows} expected): do not use it",
                                 path=dest.path)
            result.tables[table] = copied
    return result

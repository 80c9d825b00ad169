"""The SQLite store's SQL, spoken to PostgreSQL: a connection with the part of
``sqlite3.Connection``'s face that the store's modules use (``execute``, ``executemany``,
``in_transaction``, a cursor's ``fetchone``/``fetchmany``/``fetchall``/``lastrowid``), which
rewrites each statement once (cached) into PostgreSQL's dialect.

Why a translation and not a second copy of every query: the segment, glossary, history,
maintenance and index modules then stay the one place where each query is written, and the two
backends cannot drift apart. What is rewritten is only what the two dialects spell differently:
parameters (``?`` → ``%s``), ``INSERT OR IGNORE/REPLACE`` (→ ``ON CONFLICT``), ``ifnull``,
``instr``, ``json_extract``, the column named ``user`` (a reserved word here), ``LIKE``
(SQLite's is case-blind for ASCII: ``ILIKE``), ``IN ()``, and where NULLs sort (SQLite puts them
first in ascending order, PostgreSQL last: every ``ORDER BY`` term says it explicitly).
Texts compare as in SQLite because every text column is ``COLLATE "C"`` (bytes of UTF-8, i.e.
code points: schema.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import psycopg
from psycopg.pq import TransactionStatus

from ...errors import StoreError

# Tables whose new rows take the next id as SQLite's INTEGER PRIMARY KEY does (schema.py's
# tm_next_id default): an INSERT into them returns it, for ``cursor.lastrowid``.
ID_TABLES = ("origins", "concepts")
# INSERT OR REPLACE: the conflict target of each table it is used on
_REPLACE_KEYS = {"search_lengths": ("side", "first_id")}

_WORD_USER = re.compile(r'(?<![\w."])user(?![\w"])')
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement) for pattern, replacement in (
        (r"\bifnull\(", "coalesce("),
        (r"\binstr\(([\w.]+), \?\)", r"(position(? in \1) > 0)"),
        (r"\bNOT INDEXED\b ?", ""),
        (r"\bWHERE 1(?=$| )", "WHERE true"),
        (r"json_extract\((\w+), '\$\.(\w+)'\)", r"(\1::jsonb ->> '\2')"),
        (r"\bLIKE\b", "ILIKE"),
        (r"\bIN \(\)", "IN (NULL)"),
    ))
_INSERT_OR = re.compile(r"^INSERT OR (IGNORE|REPLACE) INTO (\w+) \(([^)]*)\)(.*)$", re.S)
# the columns that may hold NULL among those the store's queries order by
_NULLABLE = frozenset({"origin_id", "position", "first_id", "last_id", "path", "format",
                       "unit_id", "note", "subject", "definition"})
_ORDER_BY = re.compile(r"\bORDER BY ")


def _split_order(sql: str, start: int) -> tuple[list[str], int]:
    """The terms of the ORDER BY clause beginning at ``start`` and where the clause ends (at
    LIMIT, OFFSET, the subquery's closing parenthesis or the end)."""
    depth, terms, begin, at = 0, [], start, start
    while at < len(sql):
        char = sql[at]
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and char == ",":
            terms.append(sql[begin:at])
            begin = at + 1
        elif depth == 0 and re.match(r"\s+(LIMIT|OFFSET)\b", sql[at:]):
            break
        at += 1
    terms.append(sql[begin:at])
    return [t.strip() for t in terms], at


def _term_nulls(term: str) -> str:
    """``term`` with SQLite's place for NULLs, where its column may hold any (elsewhere the
    bare term keeps an index usable for the order)."""
    column = term.split()[0].rsplit(".", 1)[-1]
    if column not in _NULLABLE:
        return term
    return f"{term} NULLS LAST" if term.upper().endswith(" DESC") else f"{term} NULLS FIRST"


def _nulls_as_sqlite(sql: str) -> str:
    out, at = [], 0
    for match in _ORDER_BY.finditer(sql):
        if match.start() < at:
            continue
        terms, end = _split_order(sql, match.end())
        out.append(sql[at:match.end()])
        out.append(", ".join(_term_nulls(t) for t in terms))
        at = end
    out.append(sql[at:])
    return "".join(out)


def _insert_or(sql: str) -> str:
    match = _INSERT_OR.match(sql)
    if not match:
        return sql
    mode, table, columns, rest = match.groups()
    head = f"INSERT INTO {table} ({columns}){rest}"
    if mode == "IGNORE":
        return head + " ON CONFLICT DO NOTHING"
    keys = _REPLACE_KEYS[table]
    others = [c.strip() for c in columns.split(",") if c.strip() not in keys]
    return (head + f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in others))


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """PostgreSQL's spelling of one of the store's SQLite statements."""
    sql = _insert_or(sql.strip())
    for pattern, replacement in _RULES:
        sql = pattern.sub(replacement, sql)
    sql = _WORD_USER.sub('"user"', sql)
    sql = _nulls_as_sqlite(sql)
    sql = sql.replace("%", "%%").replace("?", "%s")
    if re.match(rf"INSERT INTO ({'|'.join(ID_TABLES)}) ", sql) and "RETURNING" not in sql:
        sql += " RETURNING id"
    return sql


def _plain(value: Any) -> Any:
    """A parameter as PostgreSQL takes it: SQLite stores booleans as 0/1 in INTEGER columns,
    and numpy scalars come from the index."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def _params(params: Sequence[Any] | None) -> list[Any] | None:
    return None if params is None else [_plain(v) for v in params]


def describe(exc: psycopg.Error, where: str) -> StoreError:
    """The one line that says what a PostgreSQL error means for the user."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, psycopg.OperationalError) and (
            exc.sqlstate is None or exc.sqlstate.startswith("08") or exc.sqlstate == "57P01"):
        message = (f"lost the connection to the database server ({text}); "
                   "nothing of the unfinished change was stored")
    elif exc.sqlstate == "53100":
        message = "the database server's disk is full; nothing was stored"
    elif exc.sqlstate in ("25006",):
        message = "read-only (a standby or a read-only transaction); nothing was stored"
    elif exc.sqlstate == "42501":
        message = f"permission denied ({text})"
    else:
        message = f"database error: {text}"
    return StoreError(message, path=where)


class Cursor:
    """What the store's modules read from a statement they ran."""

    def __init__(self, cursor: psycopg.Cursor, where: str, returning: bool) -> None:
        self._cursor = cursor
        self._where = where
        self.lastrowid: int | None = None
        if returning:
            row = cursor.fetchone()
            self.lastrowid = row[0] if row else None

    def fetchone(self) -> tuple | None:
        return self._fetch(lambda c: c.fetchone(), None)

    def fetchall(self) -> list[tuple]:
        return self._fetch(lambda c: c.fetchall(), [])

    def fetchmany(self, size: int) -> list[tuple]:
        return self._fetch(lambda c: c.fetchmany(size), [])

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.fetchall())

    def _fetch(self, how: Callable[[psycopg.Cursor], Any], empty: Any) -> Any:
        """Rows of the statement (in pipeline mode they are waited for here); a statement
        without rows gives none, as in sqlite3."""
        try:
            return how(self._cursor)
        except psycopg.ProgrammingError:
            return empty
        except psycopg.Error as exc:
            raise describe(exc, self._where) from None

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


class Connection:
    """A psycopg connection (autocommit: transactions are explicit) behind the sqlite3 face
    the store's modules use; every PostgreSQL error comes out as one StoreError."""

    def __init__(self, pg: psycopg.Connection, where: str) -> None:
        self.pg = pg
        self.where = where

    @property
    def in_transaction(self) -> bool:
        return self.pg.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Cursor:
        text = translate(sql)
        try:
            cursor = self.pg.execute(text, _params(params), prepare=False)  # type: ignore[arg-type]
            return Cursor(cursor, self.where, text.endswith(" RETURNING id"))
        except psycopg.Error as exc:
            raise describe(exc, self.where) from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = [_params(row) for row in rows]
        if not batch:
            return
        try:
            with self.pg.cursor() as cursor:
                cursor.executemany(translate(sql), batch)  # type: ignore[arg-type]
        except psycopg.Error as exc:
            raise describe(exc, self.where) from None

    def copy(self, table: str, columns: Sequence[str], types: Sequence[str],
             rows: Iterable[Sequence[Any]]) -> None:
        """Write many rows at once (COPY, binary): what an import's rows and index take."""
        try:
            with self.pg.cursor() as cursor, cursor.copy(
                    f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(list(types))
                for row in rows:
                    copy.write_row(row)
        except psycopg.Error as exc:
            raise describe(exc, self.where) from None

    def close(self) -> None:
        self.pg.close()

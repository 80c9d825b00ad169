"""The PostgreSQL store: the same memory as the SQLite file, in a database a team's server runs
(issue #20). ``tm --db postgresql://user@host/dbname …`` (or ``$TM_DB``) opens it;
:meth:`tm_tool.store.Store.open` hands such an address here.

:class:`PostgresStore` is the SQLite :class:`~tm_tool.store.Store` with another connection
underneath: every query of the segment, glossary, history, maintenance and index modules runs
here as written, through :mod:`.sql` (which rewrites the few places where the dialects differ),
so both backends answer alike. What is PostgreSQL's own: opening and schema versioning
(:mod:`.schema`), transactions under the store's lock, and the import's row sink (ids as SQLite
gives them, rows by COPY: :mod:`.ingest`). The search index is the same one (index/), its
tables inside the database, written in the import's transaction.

Writers queue on one advisory lock per database (one writer of the index and of the ids at a
time, as with SQLite's write lock); they wait for it up to ``$TM_LOCK_TIMEOUT`` seconds and
tell the wait hook after a second (``tm: waiting for another writer …``). Readers never wait:
PostgreSQL's snapshots let them read while a writer works.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Self

import psycopg

from ...errors import StoreError
from .. import Store, connection
from ..importing import importing as _importing
from ..ingest import BATCH
from . import schema
from .ingest import PgImporter
from .postings import PgPostings
from .sql import Connection, describe

if TYPE_CHECKING:
    from ...model import Segment
    from .. import ImportResult
    from ..importing import Importer

SCHEMES = ("postgresql://", "postgres://")
# psycopg logs what it ignored while closing a COPY on a lost connection; without a handler
# Python prints that on stderr, a second line beside the one error the user gets.
logging.getLogger("psycopg").addHandler(logging.NullHandler())
LOCK_KEY = 0x544D5431  # "TMT1": the store's writer lock (pg_advisory_xact_lock)
_POLL = 0.05
# The postings a reader keeps (most recently used first) when its caller names no budget.
# SQLite's reader maps the file, so a frequent gram's ids (1.4 MB for a common character at
# 1M segments) are read from the page cache in place; here every read ships them from the
# server again (~10 ms at 1M), so a reader that lives for many lookups (tm serve's threads,
# a batch) keeps them itself. A Postings is a snapshot anyway (its chunks, ids and lengths
# are read once), so the cache holds nothing staler than it does.
READ_CACHE = 64 << 20


def is_url(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a PostgreSQL store (also once pathlib has made "//" one "/")."""
    text = str(path)
    return text.startswith(SCHEMES) or text.startswith(("postgresql:/", "postgres:/"))


def url_of(path: str | os.PathLike[str]) -> str:
    """The address as the user wrote it. ``--db`` is a Path, which turns
    ``postgresql://host/db`` into ``postgresql:/host/db``: the original is looked for in
    ``$TM_DB`` and the command line, else the lost slash is put back (which then reads the
    first part as the host)."""
    text = str(path)
    if text.startswith(SCHEMES):
        return text
    candidates = [os.environ.get("TM_DB", ""), *sys.argv]
    candidates += [arg.split("=", 1)[1] for arg in sys.argv if arg.startswith("--db=")]
    for candidate in candidates:
        if candidate.startswith(SCHEMES) and str(Path(candidate)) == text:
            return candidate
    scheme, rest = text.split(":/", 1)
    return f"{scheme}://{rest}"


def shown(url: str) -> str:
    """The address as messages name it: without a password."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.Error:
        return url
    if "password" not in info:
        return url
    return url.replace(f":{info['password']}@", ":***@")


def _connect(url: str, create: bool) -> psycopg.Connection:
    """A connection in autocommit mode (transactions are explicit); a database that does not
    exist yet is created by a command that writes."""
    try:
        return _without_jit(psycopg.connect(url, autocommit=True))
    except psycopg.OperationalError as exc:
        missing = "does not exist" in str(exc)
        if not (missing and create):
            raise (StoreError("no database here; build one with 'tm import FILE' (or pass "
                              "--db)", path=shown(url)) if missing
                   else _unreachable(exc, url)) from None
    except psycopg.Error as exc:  # (an address libpq cannot parse)
        raise StoreError(f"not a PostgreSQL address libpq understands ({exc})",
                         path=shown(url)) from None
    info = psycopg.conninfo.conninfo_to_dict(url)
    admin = psycopg.conninfo.make_conninfo(url, dbname="postgres")
    try:
        with psycopg.connect(admin, autocommit=True) as server, \
                contextlib.suppress(psycopg.errors.DuplicateDatabase):  # (another tm made it)
            server.execute(psycopg.sql.SQL("CREATE DATABASE {} TEMPLATE template0 "
                                           "ENCODING 'UTF8'").format(
                                               psycopg.sql.Identifier(str(info.get("dbname")))))
        return _without_jit(psycopg.connect(url, autocommit=True))
    except psycopg.Error as exc:
        raise describe(exc, shown(url)) from None


def _without_jit(conn: psycopg.Connection) -> psycopg.Connection:
    """``conn`` with JIT compilation off for its session: the planner prices a lookup's
    ``unnest`` of a few dozen grams as thousands of rows, past jit_above_cost, and compiling
    its one statement took 300 ms at 1M segments (EXPLAIN ANALYZE: JIT 296 of 308 ms) where
    the statement runs in about 1 ms. No statement of the store is a long analytic one."""
    conn.execute("SET jit = off")
    return conn


def _unreachable(exc: psycopg.Error, url: str) -> StoreError:
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[-1].strip()
    return StoreError(f"cannot connect to the database server ({text})", path=shown(url))


class PostgresStore(Store):
    """A tm_tool store in a PostgreSQL database. Open with :meth:`open`."""

    def __init__(self, pg: psycopg.Connection, url: str) -> None:
        # (not Store.__init__: it builds the SQLite connection's helpers)
        from .index import PgSegmentIndex

        self.url = url
        self.path = shown(url)
        self.conn = Connection(pg, self.path)  # type: ignore[assignment]
        self.created = False
        self.index = PgSegmentIndex(self.conn)  # type: ignore[arg-type]

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False, migrate: bool | None = None
             ) -> Self:
        """Open the store at the address ``path``: ``create`` makes the database and its
        tables if there are none and upgrades an older schema (the commands that write);
        otherwise an empty database is an error and nothing is written."""
        url = url_of(path)
        store = cls(_connect(url, create), url)
        try:
            store._check(create, create if migrate is None else migrate)
        except BaseException:
            store.close()
            raise
        return store

    def _check(self, create: bool, migrate: bool) -> None:
        current = schema.version(self.conn)
        if current is None:
            raise StoreError("not a tm_tool database (a PostgreSQL database of another "
                             "program)", path=self.path)
        if current > schema.LATEST:
            raise StoreError(f"database schema version {current} is newer than this tm_tool "
                             f"understands ({schema.LATEST}); upgrade tm_tool", path=self.path)
        if current == 0 and not create:
            raise StoreError("no tm_tool store in this database; build one with "
                             "'tm import FILE'", path=self.path)
        if current < schema.LATEST and migrate:
            with self.transaction():  # (read again under the lock: several tm may create it)
                now = schema.version(self.conn) or 0
                if now < schema.LATEST:
                    schema.apply(self.conn, now)
                    self.created = now == 0

    @property
    def schema_version(self) -> int:
        return schema.version(self.conn) or 0

    def data_version(self) -> int:
        """A number that changes when a transaction has written since the last call (SQLite's
        ``PRAGMA data_version``, for readers that keep caches, as the server does): the next
        transaction id of the server; any write anywhere on it moves it (a cache is rebuilt a
        little more often than needed, never kept too long)."""
        row = self.conn.execute("SELECT pg_snapshot_xmax(pg_current_snapshot())::text"
                                ).fetchone()
        return int(row[0]) if row else 0

    def broken(self) -> bool:
        """Whether the connection is lost (the server restarted, the network cut); a new
        :meth:`open` is the way on."""
        pg = self.conn.pg
        return bool(pg.closed or pg.broken)

    # --- closing -----------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close()

    # --- transactions ------------------------------------------------------------------------

    @contextlib.contextmanager
    def faults(self) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as exc:
            raise describe(exc, self.path) from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction under the store's lock (waiting for another writer, see the
        module's doc); nested, a savepoint. All of it is stored, or none of it."""
        pg = self.conn.pg
        nested = self.conn.in_transaction
        try:
            with pg.transaction():
                if not nested:
                    self._lock()
                yield
        except psycopg.Error as exc:
            raise describe(exc, self.path) from None

    def _lock(self) -> None:
        """Take the store's writer lock (until the transaction ends), waiting for it."""
        start = time.monotonic()
        said = False
        while not self.conn.execute("SELECT pg_try_advisory_xact_lock(?)",
                                    (LOCK_KEY,)).fetchone()[0]:  # type: ignore[index]
            waited = time.monotonic() - start
            if waited >= connection.lock_timeout():
                raise StoreError("busy (another tm is writing); try again", path=self.path)
            if waited >= connection.WAIT_MESSAGE_AFTER and not said:
                if connection._wait_hook is not None:
                    connection._wait_hook(self.path)
                said = True
            time.sleep(_POLL)

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """A transaction around a large import (PostgreSQL keeps its indexes meanwhile)."""
        with self.transaction():
            yield

    def postings(self, *, cache_bytes: int = 0) -> PgPostings:
        """The search index's reader (a lookup's grams in one round trip)."""
        return PgPostings(self.conn,  # type: ignore[arg-type]
                          cache_bytes=cache_bytes or READ_CACHE)

    # --- importing ---------------------------------------------------------------------------

    def import_segments(self, segments: Iterable[Segment], *, origin: str | None = None,
                        origin_path: str | None = None, fmt: str | None = None,
                        progress: Callable[[int], None] | None = None,
                        batch_size: int = BATCH) -> ImportResult:
        with self.importing(batch_size=batch_size) as importer:
            return importer.add(segments, origin=origin, origin_path=origin_path, fmt=fmt,
                                progress=progress)

    def importing(self, *, batch_size: int = BATCH
                  ) -> contextlib.AbstractContextManager[Importer]:
        return _importing(self, batch_size=batch_size, importer_class=PgImporter)

"""One open database file: checking what the file is, the schema upkeep (migrations, indexes a
killed load left out), and write transactions.

:class:`Database` is the base of :class:`tm_tool.store.Store`; the rest of the store (segments,
glossary, import) works inside the transactions it gives. sqlite-utils (``self.utils``) keeps
the nested transactions: its ``atomic()`` makes each inner one a SAVEPOINT.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Self

from ..errors import StoreError
from . import connection, schema

if TYPE_CHECKING:
    import sqlite_utils



def _check_file(path: str, create: bool) -> bool:
    """Refuse what is not a database before SQLite opens it; whether the file is new."""
    if path == ":memory:":
        return False
    file = Path(path)
    if file.is_dir():
        raise StoreError("is a directory, not a database", path=path)
    if not file.exists():
        if not create:
            raise StoreError(
                "no database here; build one with 'tm import FILE' (or pass --db)", path=path)
        return True
    # (Its first bytes are not read here: closing any descriptor of the file would drop
    # the locks of this process's other connections to it (POSIX record locks), and another
    # process could then checkpoint and delete the WAL under them. SQLite itself says
    # NOTADB when the header is not its own; see Database.open.)
    return False


def _header(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(schema version, application id, number of tables)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    return version, app_id, tables


def _connect(path: str, create: bool) -> tuple[sqlite3.Connection, tuple[int, int, int]]:
    """The connection and its header; a file that cannot be written is opened read-only,
    except by a command that writes (it is to fail then)."""
    try:
        conn = connection.connect(path)
        return conn, _header(conn)
    except sqlite3.OperationalError as exc:
        if create or path == ":memory:" or exc.sqlite_errorcode & 0xFF not in (
                connection.CANTOPEN, connection.READONLY, connection.IOERR):
            raise
    conn = connection.connect(path, read_only=True)
    return conn, _header(conn)


def _refuse_foreign(conn: sqlite3.Connection, path: str, header: tuple[int, int, int],
                    migrate: bool) -> None:
    version, app_id, tables = header
    problem = None
    if (version == 0 and tables) or (version > 0 and app_id != schema.APPLICATION_ID):
        problem = "not a tm_tool database (an SQLite file of another program)"
    elif version > schema.LATEST:
        problem = (f"database schema version {version} is newer than this tm_tool "
                   f"understands ({schema.LATEST}); upgrade tm_tool")
    elif version == 0 and not migrate:
        # a file another tm is creating right now (or one a crash left empty)
        problem = "empty database (being created by another tm?); import into it first"
    if problem:
        conn.close()
        raise StoreError(problem, path=path)


def remove_new(path: str) -> None:
    """Remove the database file this process created (a refused first import)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(path + suffix)


class Database:
    """A tm_tool database file. Open with :meth:`open`; use as a context manager to close it."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self.created = False  # this process made the file (see __exit__)

    @cached_property
    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils on this connection, made when first needed: importing it imports
        numpy, pluggy and click (≈ 0.1 s; a lookup needs none of them, issue #21)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False, migrate: bool | None = None
             ) -> Self:
        """Open the database at ``path``.

        ``create``: make a new database if there is none, and upgrade an older one (the
        commands that write); otherwise a missing file is an error (lookups should not
        silently create empty databases), nothing is written, and a database that cannot be
        written (read-only file, folder or volume) is opened read-only. ``migrate`` upgrades a
        database of an older schema version (default: yes, unless it is an empty file that a
        read found: another tm may be creating it).
        """
        path = str(path)
        created = _check_file(path, create)
        try:
            conn, header = _connect(path, create)
        except sqlite3.DatabaseError as exc:
            if created:
                remove_new(path)
            elif exc.sqlite_errorcode & 0xFF == connection.NOTADB:
                raise StoreError("not a tm_tool database (not an SQLite file)",
                                 path=path) from None
            raise connection.describe(exc, path) from None
        if migrate is None:  # an older database is upgraded once, under the write lock
            migrate = create or header[0] > 0
        _refuse_foreign(conn, path, header, migrate)
        store = cls(conn, path)
        store.created = created
        if (header[0] < schema.LATEST and migrate) or (create and store._missing_indexes()):
            try:
                store._migrate(header[2])
            except BaseException:
                conn.close()
                if created:
                    remove_new(path)
                raise
        return store

    def _migrate(self, tables: int) -> None:
        """Bring the schema to the latest version. The version is read again under the write
        lock: several processes creating one new database at once migrate it once."""
        conn = self.conn
        if self.path != ":memory:":
            if not tables:
                # 16 KB pages (SQLite's default is 4 KB): the index's rows are blobs of
                # hundreds of bytes to hundreds of KB; with fewer, larger pages a million
                # segments imported in 40.7 s against 42.7 s (one run each), and lookups were
                # as fast. It can only be set before the first table.
                conn.execute("PRAGMA page_size = 16384")
            with self.faults():
                conn.execute("PRAGMA journal_mode = WAL")
        with self.transaction():
            version = self.schema_version
            if version < schema.LATEST:
                schema.apply(conn, version)
            self._restore_indexes()

    def _restore_indexes(self) -> None:
        """Build an index that an older tm_tool's bulk load dropped and was killed before it
        could build it again (the caller holds the write transaction)."""
        for sql in self._missing_indexes():
            self.conn.execute(sql)

    def _missing_indexes(self) -> list[str]:
        have = {index.name for index in self.utils["segments"].indexes}
        return [sql for name, sql in schema.DEFERRABLE_INDEXES.items() if name not in have]

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # --- closing -----------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        """Close; a database this process created for a write that failed is removed again
        (a refused first import leaves no file), unless another process has written to it."""
        if exc_type is not None and self.created and self._holds_nothing():
            self.close()
            remove_new(self.path)
            return
        self.close()

    def _holds_nothing(self) -> bool:
        """Empty, and no other process writing it (it would hold the lock; a process that
        opened the new file but has not begun to write yet is a window this cannot close)."""
        try:
            self.conn.execute("PRAGMA busy_timeout = 0")
            self.conn.execute("BEGIN IMMEDIATE")
            empty = not any(self.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
                            for table in ("segments", "concepts", "origins"))
            self.conn.execute("ROLLBACK")
            return empty
        except sqlite3.Error:
            return False

    # --- transactions ------------------------------------------------------------------------

    @contextlib.contextmanager
    def faults(self) -> Iterator[None]:
        """SQLite's errors as one StoreError that says what is wrong (busy, read-only, …)."""
        try:
            yield
        except sqlite3.Error as exc:
            raise connection.describe(exc, self.path) from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction. Waits for another writer (see store/connection.py). Rolls
        back on any error, a failed COMMIT included; an SQLite error is reported as what it
        means (a failed rollback never hides the real cause: SQLite may have rolled back by
        itself, e.g. on a full disk). A nested call is a SAVEPOINT: an error inside it that
        its caller catches undoes only the nested part."""
        if self.conn.in_transaction:
            with self._savepoint():
                yield
            return
        with self.faults():
            connection.begin_write(self.conn, self.path)
        try:
            self._refuse_corrupt()
            yield
            with self.faults():
                self.conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.utils.rollback()  # (nothing to do if SQLite rolled back already)
            self._rolled_back()
            raise

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[None]:
        try:
            with self.utils.atomic():
                yield
        except BaseException:
            self._rolled_back()
            raise

    def _rolled_back(self) -> None:
        """Forget what the undone writes made (a subclass's caches)."""

    def _refuse_corrupt(self) -> None:
        """Never write into a damaged file (it would spread the damage): a quick_check takes
        0.12 s on a 100,000-segment (54 MB) database and 0.01 s on the demo's."""
        if self.path == ":memory:" or not self.schema_version:
            return
        with self.faults():
            problem = self.conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        if problem != "ok":
            raise StoreError(f"corrupt: run sqlite3 {self.path} 'PRAGMA integrity_check'",
                             path=self.path)

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Around an import into a database that holds no segments yet: the source-key index
        is dropped meanwhile and built at the end, from the sorted hashes — inside the import's
        transaction, so a killed import leaves the index (and everything else) as it was. The
        database stays in WAL mode: readers never wait for this writer. (Writing an empty
        file with a rollback journal was ~10% faster on a million segments, but readers then
        waited up to 13 s, and a killed import left the WAL off.)"""
        with self.transaction():
            if self.conn.execute("SELECT 1 FROM segments LIMIT 1").fetchone():
                yield
                return
            for name in schema.DEFERRABLE_INDEXES:
                self.conn.execute(f"DROP INDEX IF EXISTS {name}")
            yield
            self._restore_indexes()

"""The SQLite store: segments, their origins, and the glossary.

Library-first: everything the ``tm`` command does with the database is a method here, so tests
and other programs can call it directly::

    from tm_tool.store import Store
    with Store.open("tm.db", create=True) as store, store.transaction():
        store.import_segments(segments, origin="plenary")
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from .. import langtags
from ..errors import StoreError
from ..model import TERM_STATUSES, Concept, Segment, Term
from ..text import match_key
from . import connection, rows, schema
from . import importing as _importing
from .importing import Importer  # (re-exported)
from .index import SegmentIndex
from .ingest import (
    BATCH,
    key_hash,
)

__all__ = ["ImportResult", "Importer", "Store", "key_hash"]

SQLITE_MAGIC = b"SQLite format 3\x00"


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class ImportResult:
    read: int = 0  # units (or concepts) the readers delivered
    added: int = 0  # new segments (or terms) stored
    duplicates: int = 0  # segments (or terms) already stored

    def as_dict(self) -> dict[str, int]:
        return {"read": self.read, "added": self.added, "duplicates": self.duplicates}


class Store:
    """A tm_tool database. Open with :meth:`open`; use as a context manager to close it."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self.db = sqlite_utils.Database(conn)
        self.index = SegmentIndex(conn)
        self._origin_ids: dict[str, int] = {}
        self.created = False  # this process made the file (see __exit__)

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False, migrate: bool | None = None
             ) -> Store:
        """Open the database at ``path``.

        ``create``: make a new database if there is none, and upgrade an older one (the
        commands that write); otherwise a missing file is an error (lookups should not
        silently create empty databases), nothing is written, and a database that cannot be
        written (read-only file, folder or volume) is opened read-only. ``migrate`` upgrades a
        database of an older schema version (default: yes, unless it is an empty file that a
        read found: another tm may be creating it).
        """
        path = str(path)
        file = Path(path)
        created = False
        if path != ":memory:":
            if file.is_dir():
                raise StoreError("is a directory, not a database", path=path)
            if not file.exists() and not create:
                raise StoreError(
                    "no database here; build one with 'tm import FILE' (or pass --db)", path=path
                )
            created = not file.exists()
            if not created and file.stat().st_size > 0:
                try:
                    with open(file, "rb") as handle:
                        magic = handle.read(16)
                except OSError as exc:
                    raise StoreError(f"cannot read: {exc.strerror}", path=path) from None
                if magic != SQLITE_MAGIC:
                    raise StoreError("not a tm_tool database (not an SQLite file)", path=path)
        try:
            try:
                conn = connection.connect(path)
                version, app_id, tables = cls._header(conn)
            except sqlite3.OperationalError as exc:
                if create or path == ":memory:" or exc.sqlite_errorcode & 0xFF not in (
                        connection.CANTOPEN, connection.READONLY, connection.IOERR):
                    raise
                conn = connection.connect(path, read_only=True)
                version, app_id, tables = cls._header(conn)
        except sqlite3.DatabaseError as exc:
            if created:
                cls._remove_new(path)
            raise connection.describe(exc, path) from None
        if migrate is None:  # an older database is upgraded once, under the write lock
            migrate = create or version > 0
        cls._refuse_foreign(conn, path, version, app_id, tables, migrate)
        store = cls(conn, path)
        store.created = created
        if (version < schema.LATEST and migrate) or (create and store._missing_indexes()):
            try:
                store._migrate(tables)
            except BaseException:
                conn.close()
                if created:
                    cls._remove_new(path)
                raise
        return store

    @staticmethod
    def _header(conn: sqlite3.Connection) -> tuple[int, int, int]:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        return version, app_id, tables

    @staticmethod
    def _refuse_foreign(conn: sqlite3.Connection, path: str, version: int, app_id: int,
                        tables: int, migrate: bool) -> None:
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

    @staticmethod
    def _remove_new(path: str) -> None:
        """Remove the database file this process created (a refused first import)."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                os.unlink(path + suffix)

    def _restore_indexes(self) -> None:
        """Build an index that an older tm_tool's bulk load dropped and was killed before it
        could build it again (the caller holds the write transaction)."""
        for sql in self._missing_indexes():
            self.conn.execute(sql)

    def _missing_indexes(self) -> list[str]:
        return [sql for name, sql in schema.DEFERRABLE_INDEXES.items() if not self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)).fetchone()]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        """Close; a database this process created for a write that failed is removed again
        (a refused first import leaves no file), unless another process has written to it."""
        if exc_type is not None and self.created and self._holds_nothing():
            self.close()
            self._remove_new(self.path)
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

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @contextlib.contextmanager
    def faults(self) -> Iterator[None]:
        """SQLite's errors as one StoreError that says what is wrong (busy, read-only, …)."""
        try:
            yield
        except sqlite3.Error as exc:
            raise connection.describe(exc, self.path) from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested calls join the outer one. Waits for another writer
        (see store/connection.py). Rolls back on any error; an SQLite error is reported as
        what it means (a failed rollback never hides the real cause: SQLite may have rolled
        back by itself, e.g. on a full disk)."""
        if self.conn.in_transaction:
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
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            self._origin_ids.clear()
            raise

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

    # --- segments ----------------------------------------------------------------------------

    def import_segments(
        self,
        segments: Iterable[Segment],
        *,
        origin: str | None = None,
        origin_path: str | None = None,
        fmt: str | None = None,
        progress: Callable[[int], None] | None = None,
        batch_size: int = BATCH,
    ) -> ImportResult:
        """Store segments; those already stored (same languages, origin, position and texts)
        are left alone. ``origin`` names the document for segments that do not name their
        own. Runs in one transaction (or joins the caller's)."""
        return _importing.import_segments(self, segments, origin=origin,
                                          origin_path=origin_path, fmt=fmt, progress=progress,
                                          batch_size=batch_size)

    def importing(self, *, batch_size: int = BATCH) -> contextlib.AbstractContextManager[Importer]:
        """One import of any number of documents (``importer.add`` each), in one transaction
        (see store/importing.py)."""
        return _importing.importing(self, batch_size=batch_size)

    _SEGMENT_COLUMNS = rows.SELECT_COLUMNS
    _segment = staticmethod(rows.read_segment)

    def _where(self, origin: str | None, since: str | None, status: str | None,
               src: str | None, tgt: str | None, ids: Iterable[int] | None = None
               ) -> tuple[str, list]:
        clauses, params = [], []
        if origin:
            clauses.append("o.name = ?")
            params.append(origin)
        if since:
            clauses.append("s.changed_at >= ?")
            params.append(since)
        if status:
            clauses.append("s.status = ?")
            params.append(status)
        for column, lang in (("s.source_lang", src), ("s.target_lang", tgt)):
            if lang:
                clauses.append(f"({column} = ? OR {column} LIKE ?)")
                primary = langtags.primary(lang)
                params += [primary, primary + "-%"]
        if ids is not None:
            id_list = list(ids)
            clauses.append(f"s.id IN ({','.join('?' * len(id_list))})")
            params += id_list
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def iter_segments(
        self,
        *,
        origin: str | None = None,
        since: str | None = None,
        status: str | None = None,
        src: str | None = None,
        tgt: str | None = None,
        ids: Iterable[int] | None = None,
        chunk: int = 2000,
        document_order: bool = True,
    ) -> Iterator[Segment]:
        """Stored segments in document order (origin, position, id), streamed; or in id
        order (``document_order=False``: a sequential read, ~3x faster on a large TM)."""
        where, params = self._where(origin, since, status, src, tgt, ids)
        order = "s.origin_id, s.position, s.id" if document_order else "s.id"
        cursor = self.conn.execute(
            f"SELECT {self._SEGMENT_COLUMNS} FROM segments s LEFT JOIN origins o "
            f"ON o.id = s.origin_id{where} ORDER BY {order}",
            params,
        )
        while rows := cursor.fetchmany(chunk):
            for row in rows:
                yield self._segment(row)

    def count_segments(self, **filters: str | None) -> int:
        where, params = self._where(
            filters.get("origin"), filters.get("since"), filters.get("status"),
            filters.get("src"), filters.get("tgt"),
        )
        return self.conn.execute(
            f"SELECT count(*) FROM segments s LEFT JOIN origins o ON o.id = s.origin_id{where}",
            params,
        ).fetchone()[0]

    def get_segments(self, ids: Iterable[int]) -> dict[int, Segment]:
        id_list = list(ids)
        found: dict[int, Segment] = {}
        for start in range(0, len(id_list), 500):
            for seg in self.iter_segments(ids=id_list[start:start + 500]):
                assert seg.id is not None
                found[seg.id] = seg
        return found

    def segments_with_source_key(self, key: str) -> list[Segment]:
        """Segments whose normalised source equals ``key`` (a text.match_key)."""
        ids = [
            row[0]
            for row in self.conn.execute(
                "SELECT id FROM segments WHERE source_key_hash = ?", (key_hash(key),)
            )
        ]
        segs = self.get_segments(ids).values()
        return [s for s in segs if match_key(s.source) == key]

    def conflicting_segments(self) -> Iterator[tuple[Segment, int, int]]:
        """The segments a consistency check has to compare, with their source and target key
        hashes: those whose source has more than one translation, or whose translation has
        more than one source (by key hash, so a few more may come: the check decides)."""
        rows = self.conn.execute(
            f"SELECT {self._SEGMENT_COLUMNS}, s.source_key_hash, s.target_key_hash "
            "FROM segments s LEFT JOIN origins o ON o.id = s.origin_id "
            # NOT INDEXED: a scan and a sort beat a million random lookups through the index
            "WHERE s.source_key_hash IN (SELECT source_key_hash FROM segments NOT INDEXED "
            "GROUP BY 1 HAVING count(DISTINCT target_key_hash) > 1) "
            "OR s.target_key_hash IN (SELECT target_key_hash FROM segments GROUP BY 1 "
            "HAVING count(DISTINCT source_key_hash) > 1) ORDER BY s.id")
        for row in rows:
            yield self._segment(row), row[-2], row[-1]

    # --- glossary ----------------------------------------------------------------------------

    def import_glossary(self, concepts: Iterable[Concept], *, replace: bool = False
                        ) -> ImportResult:
        """Store concepts, merging with those of the same key (``replace``: the input is the
        whole glossary), with their history; no validation (see store/glossary.py)."""
        from .glossary import import_concepts

        return import_concepts(self, concepts, replace=replace)

    def concepts(self, *, status: str | None = None, lang: str | None = None) -> list[Concept]:
        """All concepts with their terms (in file order). ``status``/``lang`` keep concepts that
        have at least one such term, and only those terms."""
        by_id: dict[int, Concept] = {}
        for cid, key, definition, note, subject in self.conn.execute(
            "SELECT id, key, definition, note, subject FROM concepts ORDER BY id"
        ):
            by_id[cid] = Concept(key=key, definition=definition, note=note, subject=subject)
        for cid, lang_tag, text, term_status, case, pos, note in self.conn.execute(
            "SELECT concept_id, lang, text, status, case_sensitive, pos, note FROM terms "
            "ORDER BY id"
        ):
            if status and term_status != status:
                continue
            if lang and langtags.primary(lang_tag) != langtags.primary(lang):
                continue
            by_id[cid].terms.append(
                Term(text=text, lang=lang_tag, status=term_status,
                     case_sensitive=None if case is None else bool(case), pos=pos, note=note)
            )
        return [c for c in by_id.values() if c.terms or not (status or lang)]

    # --- statistics --------------------------------------------------------------------------

    def language_pairs(self) -> list[dict]:
        """[{"source", "target", "segments"}], the most frequent pair first."""
        return [
            {"source": s, "target": t, "segments": n}
            for s, t, n in self.conn.execute(
                "SELECT source_lang, target_lang, count(*) FROM segments "
                "GROUP BY source_lang, target_lang ORDER BY count(*) DESC"
            )
        ]

    def stats(self) -> dict:
        q = self.conn.execute
        pairs = self.language_pairs()
        origins = [
            {"name": name, "segments": n, "format": fmt, "imported_at": at}
            for name, n, fmt, at in q(
                "SELECT o.name, count(s.id), o.format, o.imported_at FROM origins o "
                "LEFT JOIN segments s ON s.origin_id = o.id GROUP BY o.id ORDER BY o.name"
            )
        ]
        by_status = dict.fromkeys(TERM_STATUSES, 0)
        for term_status, n in q("SELECT status, count(*) FROM terms GROUP BY status"):
            by_status[term_status] = n
        terms_by_lang = {
            lang: n for lang, n in q("SELECT lang, count(*) FROM terms GROUP BY lang ORDER BY lang")
        }
        return {
            "database": self.path,
            "schema_version": self.schema_version,
            "segments": q("SELECT count(*) FROM segments").fetchone()[0],
            "language_pairs": pairs,
            "origins": origins,
            "concepts": q("SELECT count(*) FROM concepts").fetchone()[0],
            "terms": sum(by_status.values()),
            "terms_by_status": by_status,
            "terms_by_lang": terms_by_lang,
        }

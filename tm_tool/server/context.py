"""One store connection per thread: SQLite connections are not shared between threads, and
in WAL mode many readers read while one writer (an import, ``tm segments edit``, a write
through this server) writes.

A thread keeps its :class:`Lookup` until the database changes: ``PRAGMA data_version``
changes when another connection has committed, so a lookup after an import sees the new
segments and terms. The glossary's term matcher (a fifth of a second to build for 5,000 terms)
is built once per process and glossary version and shared by the threads: an import of
segments, which changes the data version at every commit, does not rebuild it in each thread.

On PostgreSQL the connection can die under the server (the database server restarted, a
network cut): a thread whose connection is broken drops it and opens a new one at its next
request, so a restart costs at most the requests that were running meanwhile (a 503 each),
never a worker.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..lookup import GlossaryLookup, Lookup
from ..store import Store


@dataclass
class _Reader:
    store: Store
    lookup: Lookup
    version: int
    # Store answers kept until the database changes, by method name: the language pairs (a
    # scan of every segment), the languages, the segment count (a COUNT(*): ~0.1 s at 1M).
    kept: dict[str, Any] = field(default_factory=dict)


class StoreContext:
    """The database the server reads, opened lazily in each thread that asks."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = Path(db_path)
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        self._glossary: tuple[tuple, GlossaryLookup] | None = None  # (its version, it)
        self._glossary_lock = threading.Lock()

    def _reader(self) -> _Reader:
        reader: _Reader | None = getattr(self._local, "reader", None)
        if reader is not None and _broken(reader.store):
            self._drop(reader)
            reader = None
        if reader is None:
            with self._lock:
                store = self._open()
                self._all.append(store)
            reader = _Reader(store, self._lookup(store), _data_version(store))
            self._local.reader = reader
            return reader
        try:
            version = _data_version(reader.store)
        except StoreError:
            if not _broken(reader.store):
                raise
            # The connection died since the last request (found only now, by using it):
            # this request gets a new one.
            self._drop(reader)
            return self._reader()
        if version != reader.version:  # another connection committed: fresh caches
            reader.lookup = self._lookup(reader.store)
            reader.version = version
            reader.kept.clear()
        return reader

    def _lookup(self, store: Store) -> Lookup:
        """A Lookup on this thread's store, with the process's glossary if it is current (one
        thread builds a new one, from its own connection, while the others wait for it)."""
        with self._glossary_lock:
            version = store.glossary_version()
            if self._glossary is None or self._glossary[0] != version:
                self._glossary = (version, GlossaryLookup(store).loaded())
            return Lookup(store, glossary=self._glossary[1])

    def changed(self) -> None:
        """This thread wrote: its own commits do not change its data_version, so drop its
        Lookup (and its kept store answers) by hand; a glossary write changes the
        glossary's version, so the next lookup builds the shared term matcher again."""
        reader: _Reader | None = getattr(self._local, "reader", None)
        if reader is not None:
            reader.version = -1

    def _drop(self, reader: _Reader) -> None:
        """Forget this thread's dead connection."""
        self._local.reader = None
        with self._lock:
            if reader.store in self._all:
                self._all.remove(reader.store)
        with contextlib.suppress(Exception):  # (it is dead: closing it can only fail)
            reader.store.close()

    def _open(self) -> Store:
        """A connection of this thread's own (SQLite connections are not shared between
        threads; Store.open never opens the file itself, so the other threads' locks stay)."""
        return Store.open(self.db_path)

    @property
    def store(self) -> Store:
        return self._reader().store

    def _kept(self, method: str) -> Any:
        """``store.<method>()``, asked once per thread until the database changes."""
        reader = self._reader()
        if method not in reader.kept:
            reader.kept[method] = getattr(reader.store, method)()
        return reader.kept[method]

    @property
    def languages(self) -> list[tuple[str, str]]:
        """:meth:`Store.languages`, the memory's (source, target) language tags (every
        tmserver request asks)."""
        return self._kept("languages")

    @property
    def language_pairs(self) -> list[dict]:
        """:meth:`Store.language_pairs` (it reads every segment: 0.25 s at 100,000 here)."""
        return self._kept("language_pairs")

    @property
    def segment_count(self) -> int:
        """:meth:`Store.count_segments` (a monitor polls ``/health`` every few seconds)."""
        return self._kept("count_segments")

    @property
    def lookup(self) -> Lookup:
        return self._reader().lookup

    def close(self) -> None:
        with self._lock:
            for store in self._all:
                with contextlib.suppress(sqlite3.Error):  # (at shutdown: nothing to report)
                    store.close()
            self._all.clear()


def _data_version(store: Store) -> int:
    own = getattr(store, "data_version", None)  # (PostgreSQL has no PRAGMA: its store's own)
    if own is not None:
        return int(own())
    return int(store.conn.execute("PRAGMA data_version").fetchone()[0])


def _broken(store: Store) -> bool:
    """Whether the store's connection is lost (PostgreSQL's; a SQLite file's never is)."""
    broken = getattr(store, "broken", None)
    return bool(broken is not None and broken())

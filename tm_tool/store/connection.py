"""Connecting to the database file, the write lock, and SQLite's faults as one clear line.

Writers queue: a write transaction waits for the lock up to ``$TM_LOCK_TIMEOUT`` seconds
(default 600), then gives up with "busy"; after a second it tells the hook :func:`on_wait`
installed (the CLI says so on stderr; a library caller hears nothing unless it installs one).
Readers never wait for long: the database stays in WAL mode, where readers do not block on a
writer.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import StoreError, TmError
from ..fileio import os_fault

WAIT_MESSAGE_AFTER = 1.0  # seconds a writer waits before it says so
_POLL = 0.05

# Primary result codes (sqlite3.h)
BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
IOERR_SHMOPEN = IOERR | (18 << 8)


_opened = ""  # the database this process opened last (named by fault())

WaitHook = Callable[[str], None]
_wait_hook: WaitHook | None = None


def on_wait(hook: WaitHook | None) -> None:
    """Install ``hook(path)``, called once when a writer has waited a second for another one
    (None: say nothing). The library never prints; the CLI installs the message."""
    global _wait_hook
    _wait_hook = hook


def fault(exc: BaseException) -> TmError | None:
    """The one-line error for a database or OS fault that escaped a command (a read outside
    any transaction), or None when ``exc`` is a bug."""
    if isinstance(exc, sqlite3.Error):
        return describe(exc, _opened or "database")
    if isinstance(exc, OSError):
        return os_fault(exc)
    return None


def lock_timeout() -> float:
    """Seconds a writer waits for another one ($TM_LOCK_TIMEOUT, default 10 minutes)."""
    try:
        return max(0.0, float(os.environ.get("TM_LOCK_TIMEOUT", "600")))
    except ValueError:
        return 600.0


def _code(exc: sqlite3.Error) -> int:
    return getattr(exc, "sqlite_errorcode", 0) or 0


def describe(exc: sqlite3.Error, path: str | Path) -> StoreError:
    """The StoreError that says what ``exc`` means for the user (busy, read-only, corrupt,
    disk full …), naming the database."""
    code, text = _code(exc) & 0xFF, str(exc)
    if code in (BUSY, LOCKED) or "locked" in text:
        message = "busy (another tm is writing); try again"
    elif code == READONLY or "readonly" in text:
        message = "read-only (the file or its folder cannot be written); nothing was stored"
    elif code == FULL or "disk is full" in text:
        message = "disk full; nothing was stored"
    elif code in (CORRUPT, NOTADB) or "malformed" in text:
        message = f"corrupt: run sqlite3 {path} 'PRAGMA integrity_check'"
    elif code == CANTOPEN:
        message = "cannot open the database file (read-only volume or folder, or no permission?)"
    elif code == IOERR:
        message = f"disk I/O error ({text}; file size limit or failing disk?); nothing was stored"
    else:
        message = f"database error: {text}"
    return StoreError(message, path=path)


def connect(path: str, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit); ``read_only`` opens the
    file with ``mode=ro``, which reads a WAL database whose -shm cannot be created only if
    the -shm exists; otherwise ``immutable=1`` (nothing may write it meanwhile: a read-only
    volume)."""
    global _opened
    _opened = path
    if read_only:
        uri = Path(path).resolve().as_uri()
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            conn.close()
            conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None,
                                   check_same_thread=False)
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    # 16 MB of page cache (the default is 2 MB): an import inserts into b-trees at random
    # places, and a small cache spills pages to the WAL again and again.
    conn.execute("PRAGMA cache_size = -16384")
    # Readers and schema changes wait this long for a lock; writers wait in begin_write.
    conn.execute(f"PRAGMA busy_timeout = {int(lock_timeout() * 1000)}")
    return conn


# As much as SQLite maps (its build caps it: 2 GB for Debian's and Python's): a million
# segments are a 1.3 GB file, and with 1 GB mapped the postings read past it by system calls
# made the fuzzy lookup's reads 1.25x slower.
MAPPED_BYTES = 1 << 40


def map_for_random_reads(conn: sqlite3.Connection) -> None:
    """Read the database through a memory map (up to MAPPED_BYTES of it): lookups read a few
    hundred rows scattered over the file per query, and a page read by a system call cost
    ~20 % of an analysis against 1M segments. Only for lookups: a check or an export reads
    everything once, and the mapped pages would count in its resident size."""
    conn.execute(f"PRAGMA mmap_size = {MAPPED_BYTES}")


def begin_write(conn: sqlite3.Connection, path: str) -> None:
    """BEGIN IMMEDIATE, waiting for another writer (telling the :func:`on_wait` hook after a
    second) up to the lock timeout."""
    start = time.monotonic()
    said = False
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if _code(exc) & 0xFF not in (BUSY, LOCKED) and "locked" not in str(exc):
                    raise
                waited = time.monotonic() - start
                if waited >= lock_timeout():
                    raise describe(exc, path) from None
                if waited >= WAIT_MESSAGE_AFTER and not said:
                    if _wait_hook is not None:
                        _wait_hook(path)
                    said = True
                time.sleep(_POLL)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")

"""A throwaway PostgreSQL server for the tests, and a fresh database per test.

``$TM_TEST_PG`` (set by .ci/run, which starts a cluster with initdb + pg_ctl) names a server's
maintenance database to create the test databases in. Without it, the first test that needs
PostgreSQL starts its own cluster in a temporary folder (Unix socket only, no network
listener, UTF-8 with a non-C ctype) and stops it at the end of the session; as root it runs
the server as the ``postgres`` user (initdb refuses root). No PostgreSQL (or psycopg) → skip
with the reason, or fail under ``TM_REQUIRE_INTEROP=1`` (conftest.missing).

Run as a program it is what .ci/run uses: ``python tests/pg.py start DIR`` prints the
address of a cluster started in DIR, ``python tests/pg.py stop DIR`` stops it.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

RUN_AS = "postgres"  # the user the server runs as when we are root


def _bin(name: str) -> str | None:
    """A PostgreSQL server program: on PATH, else in Debian's versioned folder."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return versions[-1] if versions else None


def _locale() -> str:
    """A UTF-8 locale with a non-C ctype (C.UTF-8 on Debian; en_US.UTF-8 elsewhere)."""
    have = subprocess.run(["locale", "-a"], capture_output=True, text=True,
                          check=False).stdout.split()
    for name in ("C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"):
        if name in have:
            return name
    return "C.UTF-8"


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", RUN_AS, "--", *command]
    return ["su", RUN_AS, "-c", " ".join(f"'{part}'" for part in command)]


def why_not() -> str | None:
    """Why a cluster cannot be started here (None: it can)."""
    for program in ("initdb", "pg_ctl"):
        if _bin(program) is None:
            return f"PostgreSQL ({program}) is not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(RUN_AS)
        except KeyError:
            return f"running as root and there is no '{RUN_AS}' user to run PostgreSQL as"
    return None


def start(folder: Path, *, durable: bool = False) -> str:
    """Start a cluster in ``folder`` (made if need be); its maintenance database's address.
    Not ``durable``: fsync off, as a throwaway cluster for tests can be (the tests kill
    clients, never the server); the benchmark's is durable, as a real server is."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        entry = pwd.getpwnam(RUN_AS)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    folder.chmod(0o755)
    data, log = folder / "data", folder / "server.log"
    locale = _locale()
    subprocess.run(_as_server_user([
        _bin("initdb") or "initdb", "-D", str(data), "--auth=trust", "--encoding=UTF8",
        f"--lc-collate={locale}", f"--lc-ctype={locale}", "-U", "postgres"]),
        check=True, capture_output=True, cwd=folder)
    options = (f"-c listen_addresses='' -c unix_socket_directories={folder} "
               "-c max_connections=100")
    if not durable:
        options += " -c fsync=off -c full_page_writes=off"
    subprocess.run(_as_server_user([
        _bin("pg_ctl") or "pg_ctl", "-D", str(data), "-l", str(log), "-w", "-o", options,
        "start"]), check=True, capture_output=True, cwd=folder)
    return f"postgresql://postgres@localhost/postgres?host={folder}"


def stop(folder: Path) -> None:
    subprocess.run(_as_server_user([
        _bin("pg_ctl") or "pg_ctl", "-D", str(folder / "data"), "-m", "immediate", "-w",
        "stop"]), check=False, capture_output=True, cwd=folder)


def database_url(server: str, name: str) -> str:
    """The address of database ``name`` on the server of ``server`` (a postgresql:// URL)."""
    base, _, query = server.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The address of a PostgreSQL server's maintenance database (skip when none)."""
    from conftest import missing, require_module

    require_module("psycopg")
    given = os.environ.get("TM_TEST_PG")
    if given:
        yield given
        return
    reason = why_not()
    if reason:
        missing(reason)
    folder = Path(tempfile.mkdtemp(prefix="tm-pg-"))
    try:
        url = start(folder)
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        missing(f"could not start PostgreSQL: {exc.stderr.decode(errors='replace')[-300:]}")
    try:
        yield url
    finally:
        stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def fresh_database(server: str) -> Iterator[str]:
    """A new, empty database on ``server`` (dropped afterwards): its address."""
    import psycopg

    name = f"tm_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    try:
        yield database_url(server, name)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """The address of a new, empty database for one test."""
    with fresh_database(pg_server) as url:
        yield url


if __name__ == "__main__":
    verb, where = sys.argv[1], Path(sys.argv[2])
    if verb == "start":
        problem = why_not()
        if problem:
            sys.exit(f"tests/pg.py: {problem}")
        print(start(where))
    else:
        stop(where)

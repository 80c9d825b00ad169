"""Database schema and its forward migrations.

``PRAGMA user_version`` holds the schema version; ``PRAGMA application_id`` marks the file as a
tm_tool database. A migration is applied inside the transaction that opens the database, so a
failed migration leaves the file at its old version. Never edit a released migration: add one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x544D5431  # "TMT1"

_V1 = """
CREATE TABLE origins (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,          -- document name, e.g. the file stem
    path TEXT,                          -- where it was last imported from
    format TEXT,
    imported_at TEXT NOT NULL
);
CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    source_lang TEXT NOT NULL,          -- BCP 47 as the file wrote it (canonical case)
    target_lang TEXT NOT NULL,
    source_key_hash INTEGER NOT NULL,   -- hash of text.match_key(source): exact lookup, consistency
    target_key_hash INTEGER NOT NULL,   -- hash of text.match_key(target).casefold()
    origin_id INTEGER REFERENCES origins(id),
    position INTEGER,                   -- 1-based place in the origin document
    unit_id TEXT,                       -- id in the file it came from (tuid, TSV id, …)
    source_markup TEXT,                 -- inline XML as imported; NULL when plain text
    target_markup TEXT,
    created_at TEXT NOT NULL,           -- ISO 8601 UTC
    changed_at TEXT NOT NULL,
    creator TEXT,
    changer TEXT,
    usage_count INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'translated',
    note TEXT,
    props TEXT,                         -- JSON list of [type, value]
    dedup_key BLOB NOT NULL UNIQUE      -- hash of what makes a segment the same on re-import
);
CREATE INDEX segments_source_key ON segments(source_key_hash);
CREATE INDEX segments_origin ON segments(origin_id, position);
CREATE TABLE concepts (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    definition TEXT,
    note TEXT,
    subject TEXT,
    created_at TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE TABLE terms (
    id INTEGER PRIMARY KEY,
    concept_id INTEGER NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('preferred', 'admitted', 'deprecated')),
    case_sensitive INTEGER,             -- NULL: decided from the rendering's capitals
    pos TEXT,
    note TEXT,
    UNIQUE (concept_id, lang, text)
);
CREATE INDEX terms_text ON terms(text);
"""


_V2 = """
CREATE TABLE search_postings (side INTEGER NOT NULL, gram INTEGER NOT NULL,
    chunk INTEGER NOT NULL, ids BLOB NOT NULL, PRIMARY KEY (side, gram, chunk)) WITHOUT ROWID;
CREATE TABLE search_lengths (side INTEGER NOT NULL, first_id INTEGER NOT NULL,
    lengths BLOB NOT NULL, PRIMARY KEY (side, first_id)) WITHOUT ROWID
"""  # (the version-2 index, a row per gram; version 3 replaces it and builds the new one)


def _v3(conn: sqlite3.Connection) -> None:
    """Search index in buckets (index/writer.py), built for the segments already stored."""
    from ..index.writer import SegmentIndex

    conn.execute("DROP TABLE IF EXISTS search_postings")
    index = SegmentIndex(conn)
    index.create_schema()
    index.rebuild()


# Dropped while a large import fills an empty database and built afterwards in one sorted pass
# (Store.bulk_load): inserting a million random hashes one by one costs more than that pass.
DEFERRABLE_INDEXES = {
    "segments_source_key": "CREATE INDEX IF NOT EXISTS segments_source_key "
                           "ON segments(source_key_hash)",
    "segments_languages": "CREATE INDEX IF NOT EXISTS segments_languages "
                          "ON segments(source_lang, target_lang)",
}

def _v4(conn: sqlite3.Connection) -> None:
    """Chunks record their id range, size and own-row grams, so that small ones can be merged
    (index/writer.py). Chunks written before keep NULLs and are never merged."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(search_chunks)")}
    for column, kind in (("first_id", "INTEGER"), ("last_id", "INTEGER"),
                         ("postings", "INTEGER"), ("own_grams", "BLOB")):
        if column not in have:  # (a database migrated from before v3 has them already)
            conn.execute(f"ALTER TABLE search_chunks ADD COLUMN {column} {kind}")


# Who changed the glossary, when, and the concept before and after (store/glossary.py).
_GLOSSARY_HISTORY = """
CREATE TABLE IF NOT EXISTS glossary_history (id INTEGER PRIMARY KEY, at TEXT NOT NULL,
    user TEXT NOT NULL, command TEXT NOT NULL, action TEXT NOT NULL, concept TEXT NOT NULL,
    before TEXT, after TEXT);
CREATE INDEX IF NOT EXISTS glossary_history_concept ON glossary_history(concept, at)
"""

# Who changed a segment, when, with which command, and the changed fields before and after
# (store/segment_history.py). ``segment_id`` is not a foreign key: a deleted segment's history
# stays, and the ids it names are never given to a new segment (store/importing.py).
_SEGMENT_HISTORY = """
CREATE TABLE IF NOT EXISTS segment_history (id INTEGER PRIMARY KEY, segment_id INTEGER NOT NULL,
    at TEXT NOT NULL, user TEXT NOT NULL, command TEXT NOT NULL, action TEXT NOT NULL,
    before TEXT, after TEXT);
CREATE INDEX IF NOT EXISTS segment_history_segment ON segment_history(segment_id, id)
"""

# The memory's language pairs, found by a few index probes (segments.languages) instead of a
# scan of every segment: every lookup asks which sides are in the query's language, and a
# million-segment scan took 0.65 s of each `tm lookup` and of every server thread after a write.
_LANGUAGES_INDEX = DEFERRABLE_INDEXES["segments_languages"]

Migration = str | Callable[[sqlite3.Connection], None]

# MIGRATIONS[i] takes a database from version i to version i + 1.
MIGRATIONS: list[Migration] = [_V1, _V2, _v3, _v4, _GLOSSARY_HISTORY, _SEGMENT_HISTORY,
                               _LANGUAGES_INDEX]
LATEST = len(MIGRATIONS)


def apply(conn: sqlite3.Connection, current: int, upto: int = LATEST) -> None:
    """Run migrations ``current`` … ``upto - 1`` (caller holds the transaction)."""
    for version in range(current, upto):
        step = MIGRATIONS[version]
        if isinstance(step, str):
            for statement in step.split(";\n"):
                if statement.strip():
                    conn.execute(statement)
        else:
            step(conn)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

"""The PostgreSQL store's schema and its forward migrations.

The tables are those of the SQLite store at its schema version 6 (store/schema.py), with the
search index's tables (index/writer.py), in PostgreSQL's types: INTEGER → bigint, BLOB → bytea,
TEXT → text ``COLLATE "C"`` (compares and sorts by code point, as SQLite does, whatever the
database's locale). ``tm_meta`` marks the database as a tm_tool store and holds the schema
version; a migration runs in the transaction that opens the store, under the store's lock, so
a failed one leaves the old version. Never edit a released migration: add one.
"""

from __future__ import annotations

from collections.abc import Callable

from .sql import Connection

APPLICATION = "tm_tool"

# A new row's id as SQLite gives an INTEGER PRIMARY KEY one: the highest + 1 (so ids, and the
# order they give, are the same on both backends; a sequence would skip the ids of rolled-back
# writes). Writers are serialised by the store's lock, so two never compute the same id.
_NEXT_ID = """
CREATE FUNCTION tm_next_id(t regclass) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %s', t) INTO n;
    RETURN n;
END $$
"""

_T = 'text COLLATE "C"'

_V1 = [
    "CREATE TABLE tm_meta (key text PRIMARY KEY, value text NOT NULL)",
    _NEXT_ID,
    f"""CREATE TABLE origins (
        id bigint PRIMARY KEY DEFAULT tm_next_id('origins'),
        name {_T} NOT NULL UNIQUE, path {_T}, format {_T}, imported_at {_T} NOT NULL)""",
    f"""CREATE TABLE segments (
        id bigint PRIMARY KEY,
        source {_T} NOT NULL, target {_T} NOT NULL,
        source_lang {_T} NOT NULL, target_lang {_T} NOT NULL,
        source_key_hash bigint NOT NULL, target_key_hash bigint NOT NULL,
        origin_id bigint REFERENCES origins(id), position bigint, unit_id {_T},
        source_markup {_T}, target_markup {_T},
        created_at {_T} NOT NULL, changed_at {_T} NOT NULL, creator {_T}, changer {_T},
        usage_count bigint NOT NULL DEFAULT 0, status {_T} NOT NULL DEFAULT 'translated',
        note {_T}, props {_T}, dedup_key bytea NOT NULL UNIQUE)""",
    "CREATE INDEX segments_source_key ON segments(source_key_hash)",
    "CREATE INDEX segments_origin ON segments(origin_id, position)",
    f"""CREATE TABLE concepts (
        id bigint PRIMARY KEY DEFAULT tm_next_id('concepts'),
        key {_T} NOT NULL UNIQUE, definition {_T}, note {_T}, subject {_T},
        created_at {_T} NOT NULL, changed_at {_T} NOT NULL)""",
    f"""CREATE TABLE terms (
        id bigint PRIMARY KEY DEFAULT tm_next_id('terms'),
        concept_id bigint NOT NULL REFERENCES concepts(id) ON DELETE CASCADE
            DEFERRABLE INITIALLY IMMEDIATE,
        lang {_T} NOT NULL, text {_T} NOT NULL,
        status {_T} NOT NULL CHECK (status IN ('preferred', 'admitted', 'deprecated')),
        case_sensitive bigint, pos {_T}, note {_T},
        UNIQUE (concept_id, lang, text))""",
    "CREATE INDEX terms_text ON terms(text)",
    f"""CREATE TABLE glossary_history (
        id bigint PRIMARY KEY DEFAULT tm_next_id('glossary_history'),
        at {_T} NOT NULL, "user" {_T} NOT NULL, command {_T} NOT NULL, action {_T} NOT NULL,
        concept {_T} NOT NULL, before {_T}, after {_T})""",
    "CREATE INDEX glossary_history_concept ON glossary_history(concept, at)",
    f"""CREATE TABLE segment_history (
        id bigint PRIMARY KEY DEFAULT tm_next_id('segment_history'),
        segment_id bigint NOT NULL, at {_T} NOT NULL, "user" {_T} NOT NULL,
        command {_T} NOT NULL, action {_T} NOT NULL, before {_T}, after {_T})""",
    "CREATE INDEX segment_history_segment ON segment_history(segment_id, id)",
    # the search index (index/writer.py); ``ids`` etc. are the same little-endian arrays
    "CREATE TABLE search_buckets (key bigint PRIMARY KEY, grams bytea NOT NULL, "
    "starts bytea NOT NULL, ids bytea NOT NULL)",
    "CREATE TABLE search_grams (key bigint PRIMARY KEY, ids bytea NOT NULL)",
    "CREATE TABLE search_chunks (chunk bigint PRIMARY KEY, first_id bigint, last_id bigint, "
    "postings bigint, own_grams bytea)",
    "CREATE TABLE search_lengths (side bigint NOT NULL, first_id bigint NOT NULL, "
    "lengths bytea NOT NULL, PRIMARY KEY (side, first_id))",
    # (the blobs are never compressed or moved out of line: a lookup reads them whole, and
    # pglz on random ids saves nothing)
    *(f"ALTER TABLE {table} ALTER COLUMN ids SET STORAGE EXTERNAL"
      for table in ("search_buckets", "search_grams")),
]

Migration = list[str] | Callable[[Connection], None]

# MIGRATIONS[i] takes a store from version i to version i + 1.
# (store/schema.py's segments_languages: the language pairs by index probes, not a scan)
_V2 = ["CREATE INDEX IF NOT EXISTS segments_languages ON segments(source_lang, target_lang)"]

MIGRATIONS: list[Migration] = [_V1, _V2]
LATEST = len(MIGRATIONS)

TABLES = ("origins", "segments", "concepts", "terms", "glossary_history", "segment_history")


def version(conn: Connection) -> int | None:
    """The store's schema version: 0 for an empty database, None for a database that holds
    tables but is no tm_tool store."""
    marked = conn.execute("SELECT to_regclass('tm_meta') IS NOT NULL").fetchone()
    if marked and marked[0]:
        row = conn.execute("SELECT value FROM tm_meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0
    tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = "
                          "current_schema()").fetchone()
    return 0 if not tables or not tables[0] else None


def apply(conn: Connection, current: int, upto: int = LATEST) -> None:
    """Run migrations ``current`` … ``upto - 1`` (the caller holds the transaction)."""
    for number in range(current, upto):
        step = MIGRATIONS[number]
        if callable(step):
            step(conn)
        else:
            for statement in step:
                conn.pg.execute(statement)  # (DDL: no parameters to translate)
        conn.execute("INSERT INTO tm_meta (key, value) VALUES ('application', ?), "
                     "('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = "
                     "excluded.value", (APPLICATION, str(number + 1)))

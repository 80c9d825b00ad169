"""Reading the search index in PostgreSQL: index/reader.py's :class:`Postings`, with a gram's
rows fetched in one round trip. A lookup reads a few dozen grams, and over a socket each
statement costs ~0.2 ms more than an SQLite call, so the rows of the grams' own table and of
their buckets in every chunk come from one statement."""

from __future__ import annotations

import numpy as np
import psycopg

from ...index.keys import (
    bucket_of_gram,
    chunk_of_gram_row,
    chunk_of_row,
    gram_range,
    row_key,
    row_key_sql,
)
from ...index.reader import Postings, joined_chunks, slice_of_bucket
from .sql import Connection, describe

# All grams of a lookup at once: (gram's index, key range) pairs against the own-row table,
# (index, bucket row key in chunk 0, gram bytes) triples against the buckets of every chunk
# (the chunks joined here: sent as a triple per gram and chunk, 8,000 at 10M segments, their
# parameters cost the client more than the statement's work). Each range is read by its own
# LATERAL subquery (OFFSET 0: not flattened into a join): joined plainly, a few ranges (a
# short query's grams, a fuzzy lookup's rarest) made the planner scan the whole table in
# parallel, ~300 ms at 1M segments, for what the index gives in ~1 ms.
_MANY = ("SELECT u.i, s.key, NULL::bytea, NULL::bytea, s.ids "
         "FROM unnest(%s::int[], %s::bigint[], %s::bigint[]) u(i, lo, hi) "
         "CROSS JOIN LATERAL (SELECT key, ids FROM search_grams "
         "WHERE key BETWEEN u.lo AND u.hi OFFSET 0) s UNION ALL "
         "SELECT u.i, s.key, s.grams, s.starts, s.ids "
         "FROM unnest(%s::int[], %s::bigint[], %s::bytea[]) u(i, base, wanted) "
         "CROSS JOIN search_chunks c CROSS JOIN LATERAL (SELECT key, grams, starts, ids "
         f"FROM search_buckets WHERE key = {row_key_sql('c.chunk', 'u.base')} "
         "AND position(u.wanted in grams) > 0 OFFSET 0) s")


class PgPostings(Postings):
    """:class:`~tm_tool.index.reader.Postings` over a PostgreSQL store's connection: the
    reader's cache and assembly, its reads replaced by one statement per lookup."""

    conn: Connection  # type: ignore[assignment]
    pages_by_chunk = True  # (a whole list is megabytes shipped per query at 10M: reader.py)
    reads_rarest_lists = True  # (the same: a fuzzy lookup ships its rarest lists only)

    def _read(self, side: int, grams: list[int]) -> dict[int, np.ndarray]:
        ranges = [gram_range(side, gram) for gram in grams]
        wanted = [gram.to_bytes(8, "little") for gram in grams]
        # (no bucket probes for a gram with a row of its own in every chunk, as sizes() saw:
        # at 10M, 200 chunks, they were 60 % of a fuzzy read's 4,800 probes, none found)
        rare = [i for i, gram in enumerate(grams) if (side, gram) not in self._everywhere_own]
        try:
            # (binary: a frequent gram's ids are megabytes, which the text protocol would
            # send as hex, twice the bytes, encoded by the server and decoded here)
            rows = self.conn.pg.execute(_MANY, (
                list(range(len(grams))), [lo for lo, _ in ranges], [hi for _, hi in ranges],
                rare, [row_key(0, side, bucket_of_gram(grams[i])) for i in rare],
                [wanted[i] for i in rare]), binary=True).fetchall()
        except psycopg.Error as exc:
            raise describe(exc, self.conn.where) from None
        by_gram: list[list[tuple]] = [[] for _ in grams]
        for i, *row in rows:
            by_gram[i].append(row)
        return {gram: _assemble(by_gram[i], wanted[i]) for i, gram in enumerate(grams)}


def _assemble(rows: list[tuple], wanted: bytes) -> np.ndarray:
    """One gram's sorted ids from its rows: its own rows, and its part of the bucket rows of
    the chunks where it has none."""
    own = {chunk_of_gram_row(key) for key, grams, _, _ in rows if grams is None}
    found: list[tuple[int, bytes]] = []
    for key, grams, starts, ids in rows:
        if grams is None:
            found.append((chunk_of_gram_row(key), ids))
        elif (chunk := chunk_of_row(key)) not in own:
            part = slice_of_bucket(wanted, grams, starts, ids)
            if part is not None:
                found.append((chunk, part))
    return joined_chunks(found)

"""What ``tm stats`` reports: counts of segments, language pairs, documents, concepts, terms."""

from __future__ import annotations

import sqlite3

from ..model import TERM_STATUSES
from .segments import language_pairs


def stats(conn: sqlite3.Connection, path: str, schema_version: int) -> dict:
    q = conn.execute
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
        "database": path,
        "schema_version": schema_version,
        "segments": q("SELECT count(*) FROM segments").fetchone()[0],
        "language_pairs": language_pairs(conn),
        "origins": origins,
        "concepts": q("SELECT count(*) FROM concepts").fetchone()[0],
        "terms": sum(by_status.values()),
        "terms_by_status": by_status,
        "terms_by_lang": terms_by_lang,
    }

"""Search index over the stored segments (placeholder until the lookup index lands).

The store calls :meth:`SegmentIndex.add` with every batch of newly inserted segments inside the
import transaction, so the index is always in step with the segments table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence


class SegmentIndex:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def create_schema(self) -> None:
        """Create the index tables."""

    def rebuild(self) -> None:
        """Index every stored segment from scratch."""

    def add(self, rows: Sequence[tuple[int, str, str]]) -> None:
        """Index new segments: ``(id, source, target)`` rows, ids increasing."""

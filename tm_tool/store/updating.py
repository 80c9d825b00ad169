"""``tm import --update``: a unit whose source is stored already (same language pair, same
``text.match_key`` as exact matching uses) replaces the stored target instead of becoming a
second segment. :meth:`Store.updating` gives a :class:`SourceUpdater`; the import feeds each
document through :meth:`SourceUpdater.filter`, which passes on only the units to add.

Only segments stored before the import began are compared, so a file that repeats a source
is handled the same however its batches fall.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import langtags
from ..model import Segment
from ..text import match_key, nfc
from . import maintenance
from .ingest import key_hash
from .rows import SELECT_COLUMNS, read_segment
from .segment_history import SegmentChange, record

if TYPE_CHECKING:
    from . import Store


@dataclass
class UpdateCounts:
    """One document's units that --update took out of the import."""

    updated: int = 0  # units whose target replaced a stored one
    stored: int = 0  # units whose source is stored with this target already


class SourceUpdater:
    """Replaces stored targets during one import (see :meth:`Store.updating`)."""

    def __init__(self, store: Store, *, user: str, command: str, at: str) -> None:
        self.store = store
        self.user, self.command, self.at = user, command, at
        self.upto = store.conn.execute("SELECT ifnull(max(id), 0) FROM segments").fetchone()[0]
        self.changed: list[int] = []

    def filter(self, segments: Iterable[Segment], counts: UpdateCounts) -> Iterator[Segment]:
        """The units of ``segments`` to import as new segments; the others replace a stored
        target (counted in ``counts.updated``) or are stored already (``counts.stored``)."""
        for seg in segments:
            outcome = self._update(seg) if self.upto else "new"
            if outcome == "new":
                yield seg
            elif outcome == "updated":
                counts.updated += 1
            else:
                counts.stored += 1

    def _same_source(self, seg: Segment) -> list[Segment]:
        key = match_key(nfc(seg.source))
        pair = (langtags.primary(seg.source_lang), langtags.primary(seg.target_lang))
        rows = self.store.conn.execute(
            f"SELECT {SELECT_COLUMNS} FROM segments s LEFT JOIN origins o ON o.id = s.origin_id "
            "WHERE s.source_key_hash = ? AND s.id <= ?", (key_hash(key), self.upto))
        return [stored for stored in map(read_segment, rows)
                if (langtags.primary(stored.source_lang),
                    langtags.primary(stored.target_lang)) == pair
                and match_key(stored.source) == key]

    def _update(self, seg: Segment) -> str:
        """"new" (no stored segment has this source), "stored" (all have this target) or
        "updated" (those with another target now have this one)."""
        same_source = self._same_source(seg)
        if not same_source:
            return "new"
        target = nfc(seg.target)
        if not target.strip():  # (--keep-untranslated) an empty target never replaces one
            return "stored"
        differing = [stored for stored in same_source if stored.target != target]
        if not differing:
            return "stored"
        changes: list[SegmentChange] = []
        for stored in differing:
            values: dict[str, str | None] = {"target": target}
            if seg.status != "translated":  # a status the file gives (not the default)
                values["status"] = seg.status
            change = maintenance.edit(self.store.conn, stored.id or 0, values, user=self.user,
                                      at=self.at, action="import-update")
            if change is not None:
                changes.append(change)
                self.changed.append(stored.id or 0)
        record(self.store.conn, changes, user=self.user, command=self.command, at=self.at)
        return "updated"

    def reindex(self) -> None:
        """Index the replaced targets (after the import's own index rows are written)."""
        if self.changed:
            self.store.index.reindex(self.changed)


@contextlib.contextmanager
def updating(store: Store, *, user: str, command: str) -> Iterator[SourceUpdater]:
    """Replace stored targets while importing (inside the import's transaction, entered
    before :meth:`Store.importing` so that it re-indexes after the import has finished)."""
    from . import utc_now

    with store.transaction():
        updater = SourceUpdater(store, user=user, command=command, at=utc_now())
        yield updater
        updater.reindex()

"""What the rest of tm_tool asks of a store, written down for a second backend (issue #20:
PostgreSQL) to implement. :class:`tm_tool.store.Store` (SQLite) is the first implementation;
``tests/test_store.py`` runs against this interface, once per backend.

How a backend is opened (a file, a server's address) is its own business and not part of the
interface. Lookups read the search index through :meth:`TranslationMemory.postings`; the
index's writer (``Store.index``, index/writer.py) runs its SQL on ``Store.conn``, which the
PostgreSQL store (store/postgres/) gives the same face.

Texts are stored NFC; language tags as imported (canonical case); times as ISO 8601 UTC
strings ("2025-12-31T08:00:00Z"), which compare as text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from ..glossary_changes import Change
    from ..index.reader import Postings
    from ..model import Concept, Segment
    from . import ImportResult
    from .history import HistoryEntry
    from .maintenance import DuplicateGroup, Selection
    from .segment_history import SegmentChange, SegmentHistoryEntry
    from .segments import SegmentFilter
    from .updating import SourceUpdater


class DocumentImporter(Protocol):
    """One import in progress (:meth:`TranslationMemory.importing`)."""

    def add(self, segments: Iterable[Segment], *, origin: str | None = None,
            origin_path: str | None = None, fmt: str | None = None,
            progress: Callable[[int], None] | None = None) -> ImportResult:
        """Store one document's segments: ``origin`` names the document for segments that do
        not name their own, ``origin_path``/``fmt`` say where it was read from; ``progress``
        hears how many were read so far. The counts are complete when the import ends."""
        ...


@runtime_checkable
class TranslationMemory(Protocol):
    """A translation memory with its glossary: segments (with their documents, the
    "origins"), concepts with their terms, and the history of segment and glossary changes.

    Maintenance (edit, set-status, delete, dedupe, import --update) changes segments in one
    transaction per call, records every change (who, when, which command, the changed fields
    before and after) and keeps the search index in step: after the call, lookups find a
    changed segment by its new texts only and never return a deleted one. The id of a deleted
    segment is never given to a new one."""

    path: str  # what names the store in messages and in stats()

    # --- life and transactions ---------------------------------------------------------------

    def close(self) -> None:
        """Release the store (a closed store is not used again)."""
        ...

    def __enter__(self) -> TranslationMemory:
        ...

    def __exit__(self, exc_type: object, *exc: object) -> None:
        """Close (a store this process created for a write that failed may be removed)."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction, waiting for another writer up to the lock timeout: all of
        it is stored, or (on any error, a failed commit included) none of it. Nested, it is a
        savepoint: an error inside it that the caller catches undoes only the nested part, and
        the outer transaction goes on."""
        ...

    def bulk_load(self) -> AbstractContextManager[None]:
        """A transaction around a large import; a backend may defer index upkeep to its end
        (the SQLite store does when it holds no segments yet)."""
        ...

    def postings(self, *, cache_bytes: int = 0) -> Postings:
        """The search index's reader: sorted segment ids per gram and the token lengths
        (index/reader.py; a backend may read its own tables faster), keeping up to
        ``cache_bytes`` of the postings it read (for a batch of lookups)."""
        ...

    # --- segments ----------------------------------------------------------------------------

    def import_segments(self, segments: Iterable[Segment], *, origin: str | None = None,
                        origin_path: str | None = None, fmt: str | None = None,
                        progress: Callable[[int], None] | None = None,
                        batch_size: int = ...) -> ImportResult:
        """Store one document's segments in one transaction (or the caller's). A segment
        already stored (same languages, origin, position and texts) is counted as a duplicate
        and left alone; a new one gets the next id."""
        ...

    def importing(self, *, batch_size: int = ...) -> AbstractContextManager[DocumentImporter]:
        """One import of any number of documents, in one transaction."""
        ...

    def iter_segments(self, matching: SegmentFilter | None = None, *,
                      ids: Iterable[int] | None = None, chunk: int = 2000,
                      document_order: bool = True, **filters: str | None) -> Iterator[Segment]:
        """The segments ``matching`` (None: all; or the filter's fields as keywords), among
        ``ids`` if given, streamed ``chunk`` rows at a time: in document order (origin, then
        position, then id) or, with ``document_order=False``, in id order."""
        ...

    def count_segments(self, matching: SegmentFilter | None = None, **filters: str | None
                       ) -> int:
        """How many segments :meth:`iter_segments` would give."""
        ...

    def get_segments(self, ids: Iterable[int]) -> dict[int, Segment]:
        """id → segment for those of ``ids`` that are stored (the others are left out)."""
        ...

    def texts(self, ids: Sequence[int], side: str) -> Iterator[tuple[int, str, str]]:
        """(id, text, language tag) of one side, "source" or "target", of the stored
        segments among ``ids``, in no particular order (the lookups' verification reads)."""
        ...

    def segments_with_source_key(self, key: str) -> list[Segment]:
        """The segments whose source's ``text.match_key`` equals ``key``."""
        ...

    def conflicting_segments(self) -> Iterator[tuple[Segment, int, int]]:
        """(segment, source key hash, target key hash) of every segment whose source has more
        than one translation or whose translation more than one source, by key hash, in id
        order; a few more may come (the consistency check decides)."""
        ...

    def conflicting_keys(self) -> Iterator[tuple[int, int, int]]:
        """(id, source key hash, target key hash) of the segments
        :meth:`conflicting_segments` gives, without their texts, in id order, streamed."""
        ...

    def id_ranges(self, size: int) -> Iterator[tuple[int, int, int]]:
        """(first id, last id, rows) of consecutive runs of ``size`` segments in id order,
        covering all (the last may be shorter): ranges that worker processes read."""
        ...

    def segments_between(self, first: int, last: int) -> Iterator[Segment]:
        """The segments with ids ``first`` to ``last`` (both included), in id order."""
        ...

    def keyed_segments_between(self, first: int, last: int
                               ) -> Iterator[tuple[Segment, int, int]]:
        """(segment, source key hash, target key hash) of the segments with ids ``first`` to
        ``last`` (both included), in id order: the keys the consistency checks group on. The
        segments hold what the checks read (rows.CHECKED_FIELDS and the id) and nothing
        else."""
        ...

    def checked_segments(self, ids: Iterable[int]) -> dict[int, Segment]:
        """id → segment holding what the checks read (rows.CHECKED_FIELDS and the id) and
        nothing else, for those of ``ids`` that are stored."""
        ...

    def origin_path(self, name: str) -> str | None:
        """The path the document ``name`` was last imported from (None: unknown)."""
        ...

    def language_pairs(self) -> list[dict]:
        """[{"source": tag, "target": tag, "segments": n}], the most frequent pair first."""
        ...

    # --- maintenance ---------------------------------------------------------------------------

    def select_segments(self, selection: Selection = ..., *, limit: int | None = None,
                        offset: int = 0) -> list[Segment]:
        """The segments of ``selection`` (a SegmentFilter, id ranges, a substring of either
        text, matched exactly and case-sensitively) in id order, ``limit`` of them from
        ``offset``; an id or id range that names no stored segment is a UsageError."""
        ...

    def count_selected(self, selection: Selection = ...) -> int:
        """How many segments :meth:`select_segments` gives without a limit."""
        ...

    def edit_segment(self, segment_id: int, values: dict[str, str | None], *, user: str,
                     command: str) -> SegmentChange | None:
        """Give one segment new values of "source", "target", "note", "status" (texts are
        stored NFC; an empty text, an unknown status or id is a UsageError); None when nothing
        changes. A changed text drops its imported inline markup."""
        ...

    def set_segment_status(self, ids: Sequence[int], status: str, *, user: str, command: str
                           ) -> list[SegmentChange]:
        """Give these segments ``status``; one change per segment that had another."""
        ...

    def delete_segments(self, selection: Selection, *, user: str, command: str,
                        dry_run: bool = False, everything: bool = False) -> list[SegmentChange]:
        """Delete the selected segments; each change's ``before`` is the whole segment.
        ``dry_run`` writes nothing. An empty selection is refused unless ``everything``."""
        ...

    def dedupe_segments(self, selection: Selection = ..., *, user: str, command: str,
                        dry_run: bool = False) -> list[DuplicateGroup]:
        """Delete segments whose source and target (NFC) equal another's in the same language
        pair (primary languages), keeping per group the most trusted status (approved,
        reviewed, translated, fuzzy, draft, new, rejected), then the newest change, then the
        highest id. ``dry_run`` writes nothing."""
        ...

    def segment_history(self, segment_ids: Sequence[int] | None = None
                        ) -> list[SegmentHistoryEntry]:
        """Recorded changes of these segments (None: of all), oldest first; a deleted
        segment's history stays."""
        ...

    def updating(self, *, user: str, command: str
                 ) -> AbstractContextManager[SourceUpdater]:
        """``import --update`` within one import: entered before :meth:`importing`, it opens
        (or joins) the transaction; its ``filter(segments, counts)`` passes on the units to
        add and replaces the stored target of a unit whose source (same language pair, same
        ``text.match_key``) was stored before the import with another target; the status is
        the file's unless that is the default "translated"."""
        ...

    # --- glossary ----------------------------------------------------------------------------

    def import_glossary(self, concepts: Iterable[Concept], *, replace: bool = False
                        ) -> ImportResult:
        """Merge concepts into the glossary by id (``replace``: they are the whole glossary),
        recorded in the history, without validating; counts terms added and already stored."""
        ...

    def concepts(self, *, status: str | None = None, lang: str | None = None) -> list[Concept]:
        """The concepts with their terms, in the order they were first stored; ``status`` and
        ``lang`` (a primary language) keep only such terms, and the concepts that have one."""
        ...

    def write_glossary_changes(self, changes: list[Change], *, user: str, command: str
                               ) -> None:
        """Store the concepts as ``changes`` leave them (a changed concept keeps its place),
        each change recorded with ``user``, ``command`` and the time, in one transaction."""
        ...

    def glossary_history(self, *, concept: str | None = None, since: str | None = None
                         ) -> list[HistoryEntry]:
        """Recorded glossary changes, oldest first; ``concept`` matches a concept's id before
        or after a rename, ``since`` keeps changes at or after that time."""
        ...

    # --- statistics --------------------------------------------------------------------------

    def stats(self) -> dict:
        """{"database", "schema_version", "segments", "language_pairs", "origins" (name,
        segments, format, imported_at), "concepts", "terms", "terms_by_status",
        "terms_by_lang"}: what ``tm stats --json`` prints."""
        ...

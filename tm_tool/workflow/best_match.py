"""The best TM match score of many sources: what an analysis bands them by.

Per source, cheapest first: an exact match through the store's source-key hashes (an indexed
lookup, no postings read); else ``Lookup.matches`` at 50 for the one best match (the lookup
verifies its candidates best score bound first and stops when no other can beat the best found,
so the low threshold costs little more than a high one). Untranslated TM segments are never
matches (the lookup skips them; the exact path too).

On a large input the sources are scored in forked workers (tm_tool/parallel.py), each with its
own connection to the database: SQLite connections must not cross a fork.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .. import parallel
from ..index.keys import tokens
from ..lookup import Lookup
from ..lookup.scoring import score
from ..store import Store
from ..text import match_key

FLOOR = 50  # the lowest band an analysis shows
CHUNK = 50  # sources per call to a worker
PARALLEL_AFTER = 400  # sources: fewer are scored in this process (forking costs ~0.1 s)
IN_FLIGHT = 8  # chunks submitted ahead of the results read
CACHE_BYTES = 256 << 20  # postings kept per process


def exact_score(store: Store, text: str) -> int | None:
    """100 (or 99: equal but for spacing, width, quotes or punctuation) when a translated
    stored segment has this source, else None."""
    found = [seg for seg in store.segments_with_source_key(match_key(text))
             if seg.target.strip()]
    if not found:
        return None
    query_tokens = tokens(text)
    return max(score(text, seg.source, query_tokens, tokens(seg.source)) for seg in found)


def best_score(store: Store, lookup: Lookup, text: str) -> int | None:
    """The best match score of ``text`` at or above FLOOR, or None."""
    exact = exact_score(store, text)
    if exact is not None:
        return exact
    found = lookup.matches(text, min_score=FLOOR, limit=1)
    return found[0].score if found else None


def batch_lookup(store: Store) -> Lookup:
    """A Lookup whose postings reads are cached for a batch: the sources of one file share
    most of their grams (10,000 bench sources ask 352,000 times for 101,000 grams)."""
    return Lookup(store, postings=store.postings(cache_bytes=CACHE_BYTES))


def _score_chunk(lookups: parallel.PerProcess[tuple[Store, Lookup]], texts: Sequence[str]
                 ) -> list[int | None]:
    store, lookup = lookups.get()
    return [best_score(store, lookup, text) for text in texts]


def best_scores(store: Store, texts: Sequence[str], *, jobs: int | None = None,
                progress: Callable[[int], None] | None = None) -> list[int | None]:
    """:func:`best_score` of every text, in order; ``progress`` is told how many are done."""
    path = store.path

    def open_own() -> tuple[Store, Lookup]:  # (in a worker: its own connection)
        opened = Store.open(path)
        return opened, batch_lookup(opened)

    lookups = parallel.PerProcess(open_own, mine=(store, batch_lookup(store)))
    chunks = [list(texts[at:at + CHUNK]) for at in range(0, len(texts), CHUNK)]
    plan = parallel.plan(PARALLEL_AFTER, jobs=jobs)
    if path == ":memory:" or len(texts) < plan.after:
        plan = parallel.Plan(0, 0)
    results: list[int | None] = []
    with parallel.ForkPool(plan, lookups) as pool:
        pool.start()
        for done in parallel.map_in_order(pool, _score_chunk, lookups, chunks, IN_FLIGHT):
            results += done
            if progress is not None:
                progress(len(results))
    return results

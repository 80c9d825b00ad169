"""The order a translator sees TM matches in, and which of them are shown.

Rules, in order:

1. **Score**, except that a match whose target breaks the glossary (a deprecated rendering of a
   term found in its source, or none of the term's accepted renderings) ranks as if it scored
   :data:`TERM_DEMOTION` points less: below a clean match of the same score or up to 5 points
   lower (100 with a deprecated term < clean 95; > clean 94). The score shown is unchanged and
   the match says why (``term_issues``).
2. **Status**: approved, reviewed, translated, then fuzzy, draft, new, and rejected last
   (:data:`STATUS_ORDER`, over ``model.SEGMENT_STATUSES``).
3. **Newest** ``changed_at`` first, then the lower segment id (a stable order).

Identical segments (same source and same target after NFC, whatever their origins) are shown
once, the best-ranked of them, with the number of the others in ``duplicates``. A segment with
an empty target is never a match.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from ..model import SEGMENT_STATUSES, Concept
from ..termmatch import Termbase
from ..text import nfc
from .results import Match, TermIssue

TERM_DEMOTION = 5.5  # ranks a match with term issues between clean matches 5 and 6 lower
STATUS_ORDER = ("approved", "reviewed", "translated", "fuzzy", "draft", "new", "rejected")
assert set(STATUS_ORDER) == set(SEGMENT_STATUSES), "every stored status has a rank"
_STATUS_RANK = {status: n for n, status in enumerate(STATUS_ORDER)}


def trust_key(status: str | None, changed_at: str | None, segment_id: int | None) -> tuple:
    """Sort key among segments of equal score, most trusted first: status, then newest, then
    the lower id (rules 2 and 3; pre-translation picks among identical sources by it too)."""
    return (_STATUS_RANK.get(status or "", len(STATUS_ORDER)), -_timestamp(changed_at),
            segment_id or 0)


def rank_key(match: Match) -> tuple:
    """Sort key: best first (see the module's rules)."""
    effective = match.score - (TERM_DEMOTION if match.term_issues else 0)
    return (-effective, *trust_key(match.status, match.changed_at, match.segment_id))


def ranked(matches: list[Match], limit: int) -> list[Match]:
    """The ``limit`` best of ``matches``, identical segments folded into the best of them
    (new Match objects: the given ones are not changed)."""
    groups: dict[tuple[str, str], list[Match]] = {}
    for match in sorted(matches, key=rank_key):
        groups.setdefault((nfc(match.source.strip()), nfc(match.target.strip())), []).append(match)
    shown = [replace(best, duplicates=sum(1 + m.duplicates for m in rest) + best.duplicates)
             for best, *rest in groups.values()]
    return sorted(shown, key=rank_key)[:limit]


def enough(matches: list[Match], limit: int, next_score: int | None) -> bool:
    """Whether no match scoring ``next_score`` or less (None: there is none) could still
    enter the ``limit`` best of ``matches``: at best it is clean and wins on status."""
    if next_score is None:
        return True
    top = ranked(matches, limit)
    if len(top) < limit:
        return False
    worst = top[-1]
    return next_score < worst.score - (TERM_DEMOTION if worst.term_issues else 0)


def term_issues(termbase: Termbase, source: str, target: str) -> list[TermIssue]:
    """The glossary concepts of a Chinese ``source`` that the English ``target`` renders
    with a deprecated term, or not at all (concepts without an English rendering, and
    accepted renderings with other capitals, are no issue here)."""
    issues: list[TermIssue] = []
    seen: set[str] = set()
    for hit in termbase.scan(source):
        concept = hit.concept
        if concept.key in seen:
            continue
        seen.add(concept.key)
        preferred = _preferred_en(concept)
        if preferred is None:
            continue
        verdict = termbase.judge(concept, target)
        if verdict.deprecated:
            issues.append(TermIssue(concept.key, "deprecated", verdict.deprecated[0].text,
                                    preferred))
        elif not verdict.accepted and not verdict.wrong_case:
            issues.append(TermIssue(concept.key, "missing", hit.text, preferred))
    return issues


def _preferred_en(concept: Concept) -> str | None:
    term = concept.preferred("en")
    return term.text if term is not None else None


def _timestamp(value: str | None) -> float:
    """Seconds since the epoch of an ISO 8601 time (naive = UTC); 0 when absent or unreadable
    (such a segment ranks as the oldest)."""
    if not value:
        return 0.0
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return 0.0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


TermChecker = Callable[[str, str], list[TermIssue]]

"""What lookup answers: TM matches, glossary hits, concordance hits, term lookup hits.

Each result has ``as_dict()``, the shape ``tm … --json`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import langtags
from ..index.keys import Side
from ..model import Concept, Segment, Term


@dataclass
class Match:
    """A TM segment that matches a query, turned so that ``source`` is in the query's
    language."""

    score: int
    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str | None
    position: int | None
    segment_id: int
    status: str
    changed_at: str | None
    diff: list[dict[str, str]] = field(default_factory=list)
    duplicates: int = 0  # identical segments (source and target, NFC) this one stands for
    term_issues: list[TermIssue] = field(default_factory=list)  # why it ranks lower

    def as_dict(self) -> dict:
        return {"score": self.score, "source": self.source, "target": self.target,
                "source_lang": self.source_lang, "target_lang": self.target_lang,
                "origin": self.origin, "position": self.position,
                "segment_id": self.segment_id, "status": self.status,
                "changed_at": self.changed_at, "diff": self.diff,
                "duplicates": self.duplicates,
                "term_issues": [issue.as_dict() for issue in self.term_issues]}


@dataclass(frozen=True)
class TermIssue:
    """A glossary concept of a match's source that its target renders wrongly."""

    concept: str  # the concept's key
    problem: str  # "deprecated": a deprecated rendering; "missing": no accepted rendering
    found: str  # the deprecated rendering in the target, or the source term (missing)
    preferred: str  # the rendering to use

    def as_dict(self) -> dict:
        return {"concept": self.concept, "problem": self.problem, "found": self.found,
                "preferred": self.preferred}


@dataclass
class GlossaryHit:
    """A glossary concept found in a text."""

    term: str  # as written in the text
    start: int
    end: int
    concept: Concept
    lang: str  # language of the text
    other: str  # the language whose renderings are offered
    matched: Term | None = None  # the glossary term found
    case_ok: bool = True  # False: found with capitals the glossary does not allow

    def as_dict(self) -> dict:
        def texts(status: str) -> list[str]:
            return [t.text for t in self.concept.terms_in(self.other, (status,))]

        preferred = texts("preferred")
        status, use = term_status(self.concept, self.matched, self.case_ok)
        return {"term": self.term, "start": self.start, "end": self.end,
                "concept": self.concept.key, "status": status, "use": use,
                "preferred": preferred[0] if preferred else None,
                "admitted": texts("admitted"), "deprecated": texts("deprecated"),
                "note": self.concept.note}


def term_status(concept: Concept, matched: Term | None, case_ok: bool = True
                ) -> tuple[str | None, str | None]:
    """(status, the rendering to use instead) of a term as found: ``deprecated`` and
    ``wrong-case`` name the concept's preferred term in the found term's language."""
    if matched is None:
        return None, None
    preferred = concept.preferred(matched.lang)
    if matched.status == "deprecated":
        return "deprecated", preferred.text if preferred else None
    if not case_ok:
        return "wrong-case", matched.text
    return matched.status, None


def side_text(seg: Segment, side: Side) -> str:
    """The text of one side of a segment."""
    return seg.source if side is Side.SOURCE else seg.target


@dataclass
class ConcordanceHit:
    segment: Segment
    side: str  # where the phrase was found: source or target
    spans: list[tuple[int, int]]  # where in that side's text

    def as_dict(self) -> dict:
        seg = self.segment
        return {"segment_id": seg.id, "source": seg.source, "target": seg.target,
                "origin": seg.origin, "position": seg.position, "side": self.side,
                "spans": [list(s) for s in self.spans]}


@dataclass
class Concordance:
    phrase: str
    total: int
    hits: list[ConcordanceHit]

    def as_dict(self) -> dict:
        return {"phrase": self.phrase, "total": self.total,
                "hits": [h.as_dict() for h in self.hits]}


MATCH_KINDS = ("exact", "prefix", "part", "fuzzy")  # best first


@dataclass
class TermLookupHit:
    concept: Concept
    term: Term  # the term that matched the query
    match: str  # one of MATCH_KINDS
    score: int
    case_ok: bool = True  # False: the query writes a case-sensitive term with other capitals

    def as_dict(self) -> dict:
        other = "en" if langtags.primary(self.term.lang) == "zh" else "zh"

        def texts(status: str) -> list[str]:
            return [t.text for t in self.concept.terms_in(other, (status,))]

        preferred = texts("preferred")
        status, use = term_status(self.concept, self.term, self.case_ok)
        return {"concept": self.concept.key, "matched": self.term.text,
                "matched_lang": self.term.lang, "matched_status": self.term.status,
                "status": status, "use": use,
                "match": self.match, "score": self.score,
                "preferred": preferred[0] if preferred else None,
                "admitted": texts("admitted"), "deprecated": texts("deprecated"),
                "note": self.concept.note}

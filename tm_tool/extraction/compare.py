"""A candidate against the controlled glossary: already *known* (its zh is a concept's term
and its English one of the concept's accepted renderings, whatever the capitals), or
*contradicts* it (its English is a deprecated rendering, its zh is another concept's term
with other renderings, or its English is another concept's rendering), else *new*."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Concept
from ..text import normalize_zh_for_terms
from .evidence import Candidate


def _zh_key(text: str) -> str:
    return normalize_zh_for_terms(text)[0]


class Glossary:
    def __init__(self, concepts: Iterable[Concept], src: str = "zh", tgt: str = "en") -> None:
        self.zh_owner: dict[str, Concept] = {}
        self.accepted: dict[str, Concept] = {}
        self.deprecated: dict[str, Concept] = {}
        for concept in concepts:
            for term in concept.terms_in(src):
                self.zh_owner.setdefault(_zh_key(term.text), concept)
            for term in concept.terms_in(tgt, ("preferred", "admitted")):
                self.accepted.setdefault(term.text.lower(), concept)
            for term in concept.terms_in(tgt, ("deprecated",)):
                self.deprecated.setdefault(term.text.lower(), concept)
        self.tgt = tgt

    def _preferred(self, concept: Concept) -> str:
        term = concept.preferred(self.tgt)
        return term.text if term else "?"

    def judge(self, candidate: Candidate) -> None:
        """Set the candidate's flag, reason and concept."""
        owner = self.zh_owner.get(_zh_key(candidate.zh))
        en = candidate.en.lower()
        if en in self.deprecated:
            concept = self.deprecated[en]
            candidate.flag, candidate.concept = "contradicts", concept.key
            candidate.reason = (f"'{candidate.en}' is deprecated in {concept.key}; use "
                                f"'{self._preferred(concept)}'")
        elif owner is not None and self.accepted.get(en) is owner:
            candidate.flag, candidate.concept = "known", owner.key
            candidate.reason = f"in the glossary as {owner.key}"
        elif owner is not None:
            candidate.flag, candidate.concept = "contradicts", owner.key
            candidate.reason = (f"{candidate.zh} belongs to {owner.key}, rendered "
                                f"'{self._preferred(owner)}'")
        elif en in self.accepted:
            concept = self.accepted[en]
            candidate.flag, candidate.concept = "contradicts", concept.key
            candidate.reason = f"'{candidate.en}' renders {concept.key} ({self._zh(concept)})"

    def _zh(self, concept: Concept) -> str:
        return next((key for key, c in self.zh_owner.items() if c is concept), "?")

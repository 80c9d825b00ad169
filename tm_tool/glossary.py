"""Rules a controlled glossary must follow (``tm glossary validate``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import TERM_STATUSES, Concept
from .text import normalize_zh_for_terms

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Every spelling of a term status that glossary files use, lower-cased, for the TSV/CSV and TBX
# readers alike: tm_tool's own, TBX-Basic's administrativeStatus values (with and without
# "-admn-sts"), and what hand-made glossaries write (approved, allowed, forbidden …).
# Superseded, obsolete and rejected terms count as deprecated; TBX's standardized, legal and
# regulated terms as preferred.
STATUS_ALIASES = {
    **{name: name for name in TERM_STATUSES},
    **{f"{name}{suffix}": status
       for name, status in (("preferredterm", "preferred"), ("standardizedterm", "preferred"),
                            ("legalterm", "preferred"), ("regulatedterm", "preferred"),
                            ("admittedterm", "admitted"), ("deprecatedterm", "deprecated"),
                            ("supersededterm", "deprecated"))
       for suffix in ("", "-admn-sts")},
    "approved": "preferred", "allowed": "admitted", "forbidden": "deprecated",
    "superseded": "deprecated", "obsolete": "deprecated", "rejected": "deprecated",
    # `tm glossary extract` writes its proposals as "candidate": a row left so after review is
    # accepted as proposed (a preferred rendering); reject one by deleting its row.
    "candidate": "preferred",
}


def term_status(value: str) -> str | None:
    """The term status a glossary file's status value means (None: none)."""
    return STATUS_ALIASES.get(value.strip().lower())


@dataclass
class Problem:
    severity: str  # error | warning
    concept: str
    line: int | None
    message: str

    def as_dict(self) -> dict:
        return {"severity": self.severity, "concept": self.concept, "line": self.line,
                "message": self.message}


def validate(concepts: Iterable[Concept], *, src: str = "zh", tgt: str = "en") -> list[Problem]:
    """Problems that make a glossary unfit for terminology control."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}  # normalised zh term -> concept key
    keys: set[str] = set()
    for concept in concepts:
        found = [("error", "concept id used twice (rows of a concept must stand together)")
                 ] if concept.key in keys else []
        keys.add(concept.key)
        found += _concept_problems(concept, src, tgt)
        found += _shared_terms(concept, src, owner)
        problems += [Problem(severity, concept.key, concept.line, message)
                     for severity, message in found]
    return problems


def _concept_problems(concept: Concept, src: str, tgt: str) -> list[tuple[str, str]]:
    """(severity, message) for what is wrong within one concept."""
    found = []
    if not _KEY.match(concept.key):
        found.append(("warning", "concept id should be lower-case ASCII words joined by hyphens"))
    preferred = concept.terms_in(tgt, ("preferred",))
    accepted = {t.text for t in concept.terms_in(tgt, ("preferred", "admitted"))}
    if not concept.terms_in(src):
        found.append(("error", f"no {src} term"))
    if len(preferred) != 1:
        found.append(("error", f"{len(preferred)} preferred {tgt} renderings (need exactly one)"))
    found += [("error", f"term {t.text!r} has stray spaces") for t in concept.terms
              if t.text != t.text.strip() or "  " in t.text]
    found += [("error", f"{t.text!r} is both accepted and deprecated")
              for t in concept.terms_in(tgt, ("deprecated",)) if t.text in accepted]
    seen: set[tuple[str, str]] = set()
    for term in concept.terms_in(tgt):
        if (term.text, term.status) in seen:
            found.append(("warning", f"{term.text!r} is listed twice"))
        seen.add((term.text, term.status))
    return found


def _shared_terms(concept: Concept, src: str, owner: dict[str, str]) -> list[tuple[str, str]]:
    """An error for each source term another concept has already (``owner``: normalised
    term -> the first concept that has it, filled in as concepts are read)."""
    found = []
    for term in concept.terms_in(src):
        key, _ = normalize_zh_for_terms(term.text)
        other = owner.get(key)
        if other and other != concept.key:
            found.append(("error", f"{src} term {term.text!r} also belongs to concept {other!r}"))
        owner.setdefault(key, concept.key)
    return found

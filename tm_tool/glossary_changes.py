"""Changes to the controlled glossary: what each maintenance command does to the concepts, as
pure functions over ``list[Concept]``, and how a change is described and judged.

The commands (``tm glossary add / set-status / remove / rename / import``) compute the new
glossary here, validate it (:func:`refusals`), then store it with its history in one
transaction (:mod:`tm_tool.store.glossary`)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from . import glossary as rules
from . import langtags
from .errors import UsageError
from .model import TERM_STATUSES, Concept, Term
from .text import nfc


@dataclass
class Change:
    """One concept before and after a command (None: it did not exist / no longer does)."""

    action: str  # add, set-status, remove, rename, import
    before: Concept | None
    after: Concept | None

    @property
    def key(self) -> str:
        return (self.after or self.before).key  # type: ignore[union-attr]

    def details(self) -> list[str]:
        """What changed, one phrase per term or field ('+ en "X" (admitted)')."""
        if self.before is None:
            return [f"+ concept ({len(self.after.terms)} terms)"]  # type: ignore[union-attr]
        if self.after is None:
            return [f"- concept ({len(self.before.terms)} terms: "
                    + ", ".join(t.text for t in self.before.terms) + ")"]
        found = []
        if self.before.key != self.after.key:
            found.append(f"renamed from {self.before.key}")
        for name in ("definition", "note", "subject"):
            old, new = getattr(self.before, name), getattr(self.after, name)
            if old != new:
                found.append(f"{name} {old!r} → {new!r}")
        old_terms = {(langtags.primary(t.lang), t.text): t for t in self.before.terms}
        new_terms = {(langtags.primary(t.lang), t.text): t for t in self.after.terms}
        for (lang, text), term in new_terms.items():
            old = old_terms.get((lang, text))
            if old is None:
                found.append(f'+ {lang} "{text}" ({term.status})')
                continue
            for name in ("status", "case_sensitive", "pos", "note"):
                if getattr(old, name) != getattr(term, name):
                    found.append(f'{lang} "{text}" {name} {getattr(old, name)!r} → '
                                 f"{getattr(term, name)!r}")
        found += [f'- {lang} "{text}" ({term.status})' for (lang, text), term in
                  old_terms.items() if (lang, text) not in new_terms]
        return found

    def as_dict(self) -> dict:
        return {"action": self.action, "concept": self.key, "changes": self.details(),
                "before": concept_dict(self.before), "after": concept_dict(self.after)}


def concept_dict(concept: Concept | None) -> dict | None:
    if concept is None:
        return None
    data = asdict(concept)
    data.pop("line")
    return data


def concept_from_dict(data: dict | None) -> Concept | None:
    if data is None:
        return None
    return Concept(**{**data, "terms": [Term(**t) for t in data["terms"]]})


def changes_between(action: str, before: Iterable[Concept], after: Iterable[Concept]
                    ) -> list[Change]:
    """The concepts that differ (compared without their file lines), in glossary order."""
    old = {c.key: c for c in before}
    new = {c.key: c for c in after}
    gone = [c for key, c in old.items() if key not in new]
    came = [c for key, c in new.items() if key not in old]
    if len(gone) == len(came) == 1 and gone[0].terms == came[0].terms:  # a new id only
        old[came[0].key] = gone.pop()
    found = [Change(action, old.get(key), concept) for key, concept in new.items()
             if concept_dict(old.get(key)) != concept_dict(concept)]
    return found + [Change(action, concept, None) for concept in gone]


# --- what each command does ---------------------------------------------------------------

def _find(concepts: list[Concept], key: str) -> Concept:
    for concept in concepts:
        if concept.key == key:
            return concept
    raise UsageError(f"no concept {key!r} in the glossary")


def _check_status(status: str) -> str:
    if status not in TERM_STATUSES:
        raise UsageError(f"unknown status {status!r} (use {', '.join(TERM_STATUSES)})")
    return status


def add(concepts: list[Concept], key: str, terms: list[Term], *, note: str | None = None
        ) -> list[Concept]:
    """Add terms to a concept (made if new); a term it has already takes the new status,
    case rule, part of speech and note."""
    return merge(concepts, [Concept(key=key, terms=terms, note=note)])


def add_renderings(concepts: list[Concept], key: str, zh: list[str], en: list[str], *,
                   status: str = "preferred", note: str | None = None, pos: str | None = None,
                   case_sensitive: bool | None = None) -> list[Concept]:
    """``tm glossary add`` (and the server's ``POST /glossary``): Chinese terms ``zh`` and
    English renderings ``en`` of ``status`` added to concept ``key``. A new concept needs a
    Chinese term: its first is preferred, the others admitted; a Chinese term the concept
    has keeps its status, and one it lacks is admitted beside the preferred one."""
    known = next((c for c in concepts if c.key == key), None)
    if known is None and not zh:
        raise UsageError(f"new concept {key!r} needs a Chinese term (--zh)")
    terms = []
    for i, text in enumerate(zh):
        had = next((t.status for t in known.terms if t.text == text), None) if known else None
        terms.append(Term(text=text, lang="zh", status=had or (
            "admitted" if i or (known and known.terms_in("zh")) else "preferred")))
    terms += [Term(text=t, lang="en", status=_check_status(status),
                   case_sensitive=case_sensitive, pos=pos, note=note) for t in en]
    return add(concepts, key, terms)


def set_status(concepts: list[Concept], key: str, text: str, status: str) -> list[Concept]:
    result = copy.deepcopy(concepts)
    concept = _find(result, key)
    matching = [t for t in concept.terms if nfc(t.text) == nfc(text)]
    if not matching:
        raise UsageError(f"concept {key!r} has no term {text!r} (it has: "
                         + ", ".join(t.text for t in concept.terms) + ")")
    for term in matching:
        term.status = _check_status(status)
    return result


def remove(concepts: list[Concept], key: str, text: str | None = None) -> list[Concept]:
    """Remove a concept, or one of its terms."""
    result = copy.deepcopy(concepts)
    concept = _find(result, key)
    if text is None:
        return [c for c in result if c.key != key]
    kept = [t for t in concept.terms if nfc(t.text) != nfc(text)]
    if len(kept) == len(concept.terms):
        raise UsageError(f"concept {key!r} has no term {text!r}")
    if not kept:
        raise UsageError(f"{text!r} is the last term of {key!r}: remove the concept instead")
    concept.terms = kept
    return result


def rename(concepts: list[Concept], old: str, new: str) -> list[Concept]:
    """Give a concept a new id (its history follows it)."""
    result = copy.deepcopy(concepts)
    if any(c.key == new for c in result):
        raise UsageError(f"concept {new!r} exists already")
    _find(result, old).key = new
    return result


def merge(stored: list[Concept], incoming: Iterable[Concept], *, replace: bool = False
          ) -> list[Concept]:
    """The glossary after an import: concepts of the same id are merged (new terms added,
    known terms take the file's status, case rule, part of speech and note; the concept's
    definition and note are kept where the file has none). ``replace``: the input is the
    whole glossary, and concepts and terms it lacks are dropped."""
    result = {c.key: c for c in copy.deepcopy(stored)}
    seen: set[str] = set()
    for concept in incoming:
        target = _upsert_concept(result, concept)
        if replace and concept.key not in seen:
            target.terms = []  # the input says which terms the concept has
        seen.add(concept.key)
        for term in concept.terms:
            _upsert_term(target, term)
    return _drop_missing(result, seen) if replace else list(result.values())


def _upsert_concept(concepts: dict[str, Concept], incoming: Concept) -> Concept:
    """The concept of ``incoming``'s id (made if new), with the fields the file gives."""
    target = concepts.get(incoming.key)
    if target is None:
        target = concepts[incoming.key] = Concept(key=incoming.key)
    target.definition = incoming.definition or target.definition
    target.note = incoming.note or target.note
    target.subject = incoming.subject or target.subject
    return target


def _upsert_term(concept: Concept, incoming: Term) -> None:
    """Add the term to ``concept`` (normalised), or update the one it has of that text."""
    term = Term(text=nfc(incoming.text.strip()), lang=langtags.normalize(incoming.lang),
                status=_check_status(incoming.status), case_sensitive=incoming.case_sensitive,
                pos=incoming.pos, note=incoming.note)
    old = next((t for t in concept.terms if (t.lang, t.text) == (term.lang, term.text)), None)
    if old is None:
        concept.terms.append(term)
    else:
        old.status, old.case_sensitive = term.status, term.case_sensitive
        old.pos, old.note = term.pos, term.note


def _drop_missing(concepts: dict[str, Concept], seen: set[str]) -> list[Concept]:
    """The concepts the input named (a replace drops the others)."""
    return [c for c in concepts.values() if c.key in seen]


# --- judging a change ---------------------------------------------------------------------

def languages(concepts: Iterable[Concept]) -> tuple[str, str]:
    """The glossary's (source, target) languages: zh and en when it has them, else the
    first two languages it uses."""
    seen: list[str] = []
    for concept in concepts:
        for term in concept.terms:
            lang = langtags.primary(term.lang) if langtags.is_valid(term.lang) else term.lang
            if lang not in seen:
                seen.append(lang)
    src = "zh" if "zh" in seen or not seen else seen[0]
    rest = [lang for lang in seen if lang != src]
    tgt = "en" if "en" in rest or not rest else rest[0]
    return src, tgt


def validate(concepts: list[Concept]) -> list[rules.Problem]:
    src, tgt = languages(concepts)
    return rules.validate(concepts, src=src, tgt=tgt)


def new_errors(before: list[Concept], after: list[Concept]) -> list[rules.Problem]:
    """Errors the change brings: those of the new glossary that the old one did not have
    (so that a glossary imported with --force can still be maintained)."""
    old = {(p.concept, p.message) for p in validate(before) if p.severity == "error"}
    return [p for p in validate(after)
            if p.severity == "error" and (p.concept, p.message) not in old]

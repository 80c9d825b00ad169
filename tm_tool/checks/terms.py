"""Terminology: term-missing, term-case, term-forbidden.

For every glossary term found in the source (Aho–Corasick, longest match wins), the target
must contain a preferred or admitted rendering (case-insensitive, but capitals beyond the first
letter must be kept) and no deprecated rendering (matched exactly as written). When the source
is English and the target Chinese, the roles swap: the English rendering in the source asks for
the concept's Chinese term in the target.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from ..termmatch import Termbase
from ..text import normalize_zh_for_terms
from .base import Context, Finding, Unit, UnitCheck


class TermCheck(UnitCheck):
    codes = ("term-missing", "term-case", "term-forbidden")
    severity: ClassVar[dict[str, str]] = {
        "term-missing": "error",
        "term-case": "error",
        "term-forbidden": "error",
    }
    description = "glossary terms rendered as the glossary says"

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        base = context.termbase
        if unit.source_lang == base.src and unit.target_lang == base.tgt:
            yield from self._zh_to_en(unit, context)
        elif unit.source_lang == base.tgt and unit.target_lang == base.src:
            yield from self._en_to_zh(unit, context)

    def _zh_to_en(self, unit: Unit, context: Context) -> Iterator[Finding]:
        for hit, verdict in context.term_verdicts(unit):
            term = hit.term.text  # the glossary's form: stable whatever quotes the text used
            preferred = hit.concept.preferred(context.termbase.tgt)
            want = preferred.text if preferred else "?"
            if verdict.accepted:
                pass
            elif verdict.wrong_case:
                wrong = verdict.wrong_case[0]
                yield self.finding(
                    "term-case", unit,
                    f"{term} must be written \"{wrong.term.text}\", not \"{wrong.text}\"",
                    term=term, expected=wrong.term.text, found=wrong.text,
                    span=(wrong.start, wrong.end))
            else:
                yield self.finding(
                    "term-missing", unit,
                    f"{term} is not rendered as \"{want}\""
                    + (f" (found deprecated \"{verdict.deprecated[0].text}\")"
                       if verdict.deprecated else ""),
                    term=term, expected=want,
                    found=verdict.deprecated[0].text if verdict.deprecated else None)
            for bad in verdict.deprecated:
                yield self.finding(
                    "term-forbidden", unit,
                    f"\"{bad.text}\" is a rejected rendering of {term}; use \"{want}\"",
                    term=term, expected=want, found=bad.text, span=(bad.start, bad.end))

    def _en_to_zh(self, unit: Unit, context: Context) -> Iterator[Finding]:
        base: Termbase = context.termbase
        seg = unit.segment
        target_key = normalize_zh_for_terms(seg.target)[0]
        seen: set[str] = set()
        for concept, hit in base.english_scanner.find(seg.source):
            if concept.key in seen:
                continue
            seen.add(concept.key)
            zh_terms = concept.terms_in(base.src, ("preferred", "admitted"))
            if not any(normalize_zh_for_terms(t.text)[0] in target_key for t in zh_terms):
                want = zh_terms[0].text if zh_terms else "?"
                yield self.finding("term-missing", unit,
                                   f"\"{hit.text}\" is not rendered as {want}",
                                   term=hit.text, expected=want)

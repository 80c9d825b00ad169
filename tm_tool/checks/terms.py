"""Terminology: term-missing, term-case, term-forbidden.

For every glossary term found in the source (Aho–Corasick, longest match wins), the target
must contain a preferred or admitted rendering (case-insensitive, but capitals beyond the first
letter must be kept) and no deprecated rendering (matched whatever its capitals). When the
source is English and the target Chinese, the roles swap: the English rendering in the source
asks for the concept's Chinese term in the target.

One finding per mistake: a deprecated rendering is term-forbidden only (the term is not also
"missing"), an accepted rendering with the wrong capitals is term-case only (even when the
glossary also lists that spelling as deprecated).
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Sequence
from typing import ClassVar

from ..termmatch import Termbase
from ..text import normalize_zh_for_terms
from .base import Context, Finding, Unit, UnitCheck, Verdicts


class TermCheck(UnitCheck):
    codes = ("term-missing", "term-case", "term-forbidden")
    severity: ClassVar[dict[str, str]] = {
        "term-missing": "error",
        "term-case": "error",
        "term-forbidden": "error",
    }
    description = "glossary terms rendered as the glossary says"

    def check_batch(self, units: Sequence[Unit], context: Context, skip: Container[int]
                    ) -> Iterator[Finding]:
        """Unit by unit, as :meth:`check` says, the zh → en units' terms found in one scan of
        the batch; a unit whose terms are all rendered as the glossary says (most) costs no
        more than that test."""
        base = context.termbase
        src, tgt = base.src, base.tgt
        zh_en = [u for i, u in enumerate(units) if i not in skip
                 and u.source_lang == src and u.target_lang == tgt]
        verdicts = dict(zip(map(id, zh_en), context.prescan(zh_en), strict=True))
        for i, unit in enumerate(units):
            if i in skip:
                continue
            judged = verdicts.get(id(unit))
            if judged is not None:
                if any(not v.accepted or v.deprecated for _, v in judged):
                    yield from self._reported(unit, judged, context)
            elif unit.source_lang == tgt and unit.target_lang == src:
                yield from self._en_to_zh(unit, context)

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        base = context.termbase
        if unit.source_lang == base.src and unit.target_lang == base.tgt:
            yield from self._reported(unit, context.term_verdicts(unit), context)
        elif unit.source_lang == base.tgt and unit.target_lang == base.src:
            yield from self._en_to_zh(unit, context)

    def _reported(self, unit: Unit, judged: Verdicts, context: Context) -> Iterator[Finding]:
        for hit, verdict in judged:
            if verdict.accepted and not verdict.deprecated:
                continue  # rendered as the glossary says (most terms): nothing to report
            term = hit.term.text  # the glossary's form: stable whatever quotes the text used
            preferred = hit.concept.preferred(context.termbase.tgt)
            want = preferred.text if preferred else "?"
            if verdict.wrong_case and not verdict.accepted:
                wrong = verdict.wrong_case[0]
                yield self.finding(
                    "term-case", unit,
                    f"{term} must be written \"{wrong.term.text}\", not \"{wrong.text}\"",
                    term=term, expected=wrong.term.text, found=wrong.text,
                    span=(wrong.start, wrong.end))
            elif not verdict.accepted and not verdict.deprecated:
                yield self.finding("term-missing", unit,
                                   f"{term} is not rendered as \"{want}\"",
                                   term=term, expected=want)
            for bad in verdict.deprecated:
                yield self.finding(
                    "term-forbidden", unit,
                    f"\"{bad.text}\" is a rejected rendering of {term}; use \"{want}\"",
                    term=term, expected=want, found=bad.text, span=(bad.start, bad.end))

    def _en_to_zh(self, unit: Unit, context: Context) -> Iterator[Finding]:
        base: Termbase = context.termbase
        seg = unit.segment
        target_key = _without_de(normalize_zh_for_terms(seg.target)[0])
        # Concepts sharing a rendering (TICO-19 lists "COVID-19" and "covid-19" apart): the
        # target may render any of them; the one written with the source's capitals is named.
        for group in base.english_scanner.find_longest(seg.source):
            zh_terms = [t for concept, _ in group
                        for t in concept.terms_in(base.src, ("preferred", "admitted"))]
            if not any(_without_de(normalize_zh_for_terms(t.text)[0]) in target_key
                       for t in zh_terms):
                hit = group[0][1]
                preferred = [c.preferred(base.src) for c, _ in group]
                want = " or ".join(dict.fromkeys(t.text for t in preferred if t)) or "?"
                yield self.finding("term-missing", unit,
                                   f"\"{hit.text}\" is not rendered as {want}",
                                   term=hit.text, expected=want)


def _without_de(key: str) -> str:
    """A Chinese rendering with the particle 的 that translators insert or drop freely inside a
    noun phrase (预防传播措施 = 预防传播的措施, COVID-19 爆发 = COVID-19 的爆发) left out."""
    return key.replace("的", "")

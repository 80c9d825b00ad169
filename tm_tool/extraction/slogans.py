"""The slogan path: a one-off slogan or title cannot be found by counting, but the writer
marks it — “两个确立”, 《…建议》 — and the translator marks its English the same way, with
quotes or Title Case. Each marked Chinese span is paired with the marked English span of the
same segment that CC-CEDICT and the numbers confirm best."""

from __future__ import annotations

from collections.abc import Iterable

from . import dictionary, en_groups, zh_spans
from .evidence import Candidate
from .statistical import Text, fill

# Least CC-CEDICT confirmation for a pair; a segment with exactly one marked span on each
# side pairs them with less (the marks themselves are the evidence).
MIN_CONFIRMATION = 0.35
MIN_CONFIRMATION_ALONE = 0.1
MAX_KEPT = 20  # segments kept per pair as evidence


def english_spans(en: str) -> list[en_groups.Group]:
    """Quoted spans and Title-Case spans of an English sentence, without repeats."""
    seen: dict[tuple[int, int], en_groups.Group] = {}
    for group in [*en_groups.quoted(en), *en_groups.title_spans(en)]:
        seen.setdefault((group.start, group.end), group)
    return list(seen.values())


def pairs_in(text: Text) -> list[tuple[str, str, float]]:
    """(zh, en, confirmation) for each marked Chinese span of one segment that finds its
    English."""
    marked = zh_spans.quoted(text.zh)
    if not marked:
        return []
    english = english_spans(text.en)
    if not english:
        return []
    quoted_en = en_groups.quoted(text.en)
    alone = len(marked) == 1 and len(quoted_en) == 1
    found = []
    for span in marked:
        scored = [(dictionary.confirmation(span.text, g.text), g) for g in english]
        best, group = max(scored, key=lambda pair: (pair[0], -pair[1].start))
        if alone and best < MIN_CONFIRMATION:
            best, group = max(best, MIN_CONFIRMATION_ALONE), quoted_en[0]
        if best >= (MIN_CONFIRMATION_ALONE if alone else MIN_CONFIRMATION):
            found.append((span.text, group.text, best))
    return found


class Collector:
    """Marked pairs gathered segment by segment (every segment: a slogan may occur once)."""

    def __init__(self) -> None:
        self.by_pair: dict[tuple[str, str], tuple[float, list[Text]]] = {}
        self.freq: dict[tuple[str, str], int] = {}

    @staticmethod
    def pairs_in(text: Text) -> Iterable[tuple[str, str, float]]:
        """(zh, en, strength) of the pairs one segment holds (phrases.py finds others)."""
        return pairs_in(text)

    def add(self, text: Text) -> None:
        for zh, en, strength in self.pairs_in(text):
            best, where = self.by_pair.get((zh, en), (0.0, []))
            if len(where) < MAX_KEPT:
                where.append(text)
            self.by_pair[(zh, en)] = (max(best, strength), where)
            self.freq[(zh, en)] = self.freq.get((zh, en), 0) + 1

    def candidates(self) -> list[Candidate]:
        return _candidates(self.by_pair, self.freq)


def candidates(texts: Iterable[Text]) -> list[Candidate]:
    collector = Collector()
    for text in texts:
        collector.add(text)
    return collector.candidates()


def _candidates(by_pair: dict[tuple[str, str], tuple[float, list[Text]]],
                freq: dict[tuple[str, str], int]) -> list[Candidate]:
    result = []
    for (zh, en), (confirmed, where) in by_pair.items():
        candidate = Candidate(zh=zh, en=en, method="quoted", freq=freq[(zh, en)],
                              score=100 * confirmed, confirmation=confirmed)
        fill(candidate, where)
        result.append(candidate)
    return result

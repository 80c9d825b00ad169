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
    return found + _with_heads(text, marked, english)


def _with_heads(text: Text, marked: list[zh_spans.Span],
                english: list[en_groups.Group]) -> list[tuple[str, str, float]]:
    """A marked name and the head noun written after its closing mark (“十五五”时期 "the
    15th Five-Year Plan period", “1310”具体部署): the term is the name and its head, the
    English the marked name's span and the word or two after it, the last of which the
    head's gloss gives (so the English holds the head too)."""
    found = []
    heads = {start: (word, end) for word, start, end in zh_spans.words(text.zh)}
    for span in marked:
        close = span.end + 1  # past the closing mark
        word, end = heads.get(close, ("", 0))
        if not zh_spans.is_head(word):
            continue
        zh = text.zh[span.start - 1:end]
        scored = [(dictionary.confirmation(span.text + word, g.text), g)
                  for g in _extended(text.en, english, dictionary.glossed(word))]
        if scored:
            best, group = max(scored, key=lambda pair: (pair[0], -pair[1].start))
            if best >= MIN_CONFIRMATION:
                found.append((zh, group.text, best))
    return found


def _extended(en: str, english: list[en_groups.Group],
              head: frozenset[str]) -> list[en_groups.Group]:
    """Each English span grown over the next one or two words of its clause, the last of
    them glossed by the head (``head``: the head's gloss stems)."""
    found = []
    for group in english:
        words = list(en_groups.WORD.finditer(en, group.end))[:2]
        last = group.end
        for n, m in enumerate(words, 1):
            if en[last:m.start()].strip(" ”\"'’") or en_groups.is_function_word(m.group()):
                break
            last = m.end()
            if dictionary.stem(m.group().lower()) in head:
                # a quoted span keeps both its marks (“1310” specific deployment)
                start = group.start - 1 if group.start and en[group.start - 1] in "“\"" \
                    and en[group.end:group.end + 1] in "”\"" else group.start
                piece = en[start:last]
                found.append(en_groups.Group(en_groups.key(piece), piece, start, last,
                                             group.words + n))
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

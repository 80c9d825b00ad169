"""The association path: spans and groups that co-occur in at least ``min_freq`` segments,
scored by G² raised by CC-CEDICT's confirmation, kept when both directions agree (the
group's best span is the span, and the span's best group is the group)."""

from __future__ import annotations

from collections import Counter as Tally
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import association, dictionary, en_groups, linking, zh_spans
from .evidence import EXAMPLES, MAX_IDS, Candidate

# G² of a pair that chance would give once in a thousand (χ², 1 degree of freedom).
SIGNIFICANT = 10.83
# The other direction: a group's best span keeps the group when the group is among the span's
# AGREE_RANK best (a span has several renderings: 口罩 mask, face mask).
AGREE_RANK = 5
MAX_SCORED = 100_000  # pairs looked at closely, at most (the strongest by G²)
# Best partners per span and per group that are looked at closely: competitive linking
# needs the true partner among them (打喷嚏 is only the 8th span by G² for "sneeze").
SHORTLIST = 10
ALTERNATIVES = 2  # other spans shown for a candidate's English
DICTIONARY_WEIGHT = 1.0  # a pair CC-CEDICT fully confirms scores twice its G²
# A span nested with a group's best span (holding it or held by it) may replace it when it
# scores at least this share of it (see _best_nested).
NESTED_SHARE = 0.5


@dataclass
class Text:
    """A segment as extraction reads it: its id and its two sides."""

    id: int
    zh: str
    en: str


def _span_set(text: str) -> set[str]:
    return {span.text for span in zh_spans.spans(text)}


def _group_set(text: str) -> set[str]:
    return {group.key for group in en_groups.groups(text)}


def hashed(text: Text) -> tuple[np.ndarray, np.ndarray]:
    """A segment's distinct span keys and group keys, as the association counts them (arrays:
    an eighth of a set's memory)."""
    return (association.keys({association.key(s) for s in _span_set(text.zh)}),
            association.keys({association.key(g) for g in _group_set(text.en)}))


def candidates(texts: Sequence[Text], min_freq: int,
               keys: Sequence[tuple[np.ndarray, np.ndarray]] | None = None) -> list[Candidate]:
    """The association's candidates (``keys``: each text's :func:`hashed`, if known)."""
    counter = association.Counter()
    for zh_keys, en_keys in keys if keys is not None else map(hashed, texts):
        counter.add(zh_keys, en_keys)
    stored_zh, stored_en = counter.per_segment()
    pairs = counter.pairs(min_freq)
    g2 = association.score(pairs)
    short = _shortlist(pairs, g2)
    zh_names, en_names, surfaces = _names(texts, {int(pairs.zh_hash[pairs.zh[i]]) for i in short},
                                          {int(pairs.en_hash[pairs.en[i]]) for i in short})
    scored = {}
    for i in short:
        zh = zh_names[int(pairs.zh_hash[pairs.zh[i]])]
        en = en_names[int(pairs.en_hash[pairs.en[i]])]
        confirmed = dictionary.confirmation(zh, en)
        scored[i] = (g2[i] * (1 + DICTIONARY_WEIGHT * confirmed), confirmed, zh, en)
    links: dict[int, float] = {}
    scored = linking.rescored(texts, scored, pairs, links)
    found = _agreed(pairs, scored, links)
    result = []
    for i, alternatives, more in found:
        value, confirmed, zh, en_key = scored[i]
        result.append(Candidate(
            zh=zh, en=_surface(surfaces[en_key], en_key), method="association",
            freq=int(pairs.joint[i]), score=float(value), confirmation=confirmed,
            alternatives=alternatives,
            other_renderings=[{"en": _surface(surfaces[scored[j][3]], scored[j][3]),
                               "freq": int(pairs.joint[j]), "score": round(scored[j][0], 2),
                               "alternatives": alts} for j, alts in more]))
    _attach_segments(result, found, pairs, texts, stored_zh, stored_en)
    return result


def _shortlist(pairs: association.Pairs, g2: np.ndarray) -> list[int]:
    """The pairs among each span's and each group's SHORTLIST best by G²."""
    keep = np.flatnonzero(g2 >= SIGNIFICANT)
    chosen: set[int] = set()
    for side in (pairs.zh, pairs.en):
        order = keep[np.lexsort((-g2[keep], side[keep]))]
        owners = side[order]
        starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        chosen.update(order[rank < SHORTLIST].tolist())
    picked = np.array(sorted(chosen), dtype=np.int64)
    if len(picked) > MAX_SCORED:  # time and memory stay bounded: the strongest pairs
        picked = np.sort(picked[np.argsort(-g2[picked], kind="stable")[:MAX_SCORED]])
    return picked.tolist()


def _names(texts: Sequence[Text], zh_wanted: set[int], en_wanted: set[int]
           ) -> tuple[dict[int, str], dict[int, str], dict[str, Tally]]:
    """The strings of the wanted hashes, and how each wanted group is written (a capital that
    only starts the sentence is not counted as the group's own)."""
    zh_names: dict[int, str] = {}
    en_names: dict[int, str] = {}
    surfaces: dict[str, Tally] = defaultdict(Tally)
    for text in texts:
        for span in _span_set(text.zh):
            if (span_key := association.key(span)) in zh_wanted:
                zh_names[span_key] = span
        for group in en_groups.groups(text.en):
            if (group_key := association.key(group.key)) in en_wanted:
                en_names[group_key] = group.key
                surfaces[group.key][group.text if group.start else "\0" + group.text] += 1
    return zh_names, en_names, surfaces


def _surface(forms: Tally, key: str) -> str:
    """The most frequent way of writing a group, sentence-initial capitals aside."""
    inside = Tally({form: n for form, n in forms.items() if not form.startswith("\0")})
    if inside:
        return inside.most_common(1)[0][0]
    first = forms.most_common(1)[0][0][1:] if forms else key
    return key if first[:1].isupper() and first[1:] == key[1:] else first


def _agreed(pairs: association.Pairs, scored: dict[int, tuple[float, float, str, str]],
            links: dict[int, float] | None = None
            ) -> list[tuple[int, list[str], list[tuple[int, list[str]]]]]:
    """For each span that is the best span of some groups, and has them among its own
    AGREE_RANK best groups: (its best such pair, that group's next best spans, the pairs of
    its other such groups). ``links``: each pair's estimated link count (see _most_linked)."""
    by_zh: dict[int, list[int]] = defaultdict(list)
    by_en: dict[int, list[int]] = defaultdict(list)
    for i in scored:
        by_zh[int(pairs.zh[i])].append(i)
        by_en[int(pairs.en[i])].append(i)
    def order(i: int) -> tuple:
        # equal scores: the longer span or group carries the same evidence and more of the
        # term ("Xi Jinping" over "Jinping" when one never occurs without the other)
        return (-scored[i][0], -len(scored[i][3]), -len(scored[i][2]),
                scored[i][2], scored[i][3])

    in_zh = {}
    for ids in by_zh.values():
        ranked_zh = sorted(ids, key=order)
        for rank, i in enumerate(ranked_zh):
            in_zh[i] = (ranked_zh, rank)
    chosen: dict[int, list[int]] = defaultdict(list)
    others: dict[int, list[str]] = {}
    for ids in by_en.values():
        ranked = _best_nested(sorted(ids, key=order), scored)
        if links is not None:
            ranked = _most_linked(ranked, scored, links)
        best = ranked[0]
        if _rivals(*in_zh[best], scored) < AGREE_RANK:
            chosen[int(pairs.zh[best])].append(best)
            others[best] = [scored[i][2] for i in ranked[1:1 + ALTERNATIVES]]
    found = []
    for ids in chosen.values():
        ids.sort(key=order)
        found.append((ids[0], others[ids[0]], [(j, others[j]) for j in ids[1:]]))
    return found


def _rivals(ranked: list[int], rank: int, scored: dict[int, tuple[float, float, str, str]]
            ) -> int:
    """How many of a span's groups above the one at ``rank`` are other renderings: groups
    sharing a content word with it are the same rendering cut longer or shorter ("hand",
    "hand washing", "washing hands" for 洗手) and do not outrank it (counted up to
    AGREE_RANK)."""
    words = _content(scored[ranked[rank]][3])
    rivals = 0
    for i in ranked[:rank]:
        if not words & _content(scored[i][3]):
            rivals += 1
            if rivals >= AGREE_RANK:
                break
    return rivals


@lru_cache(maxsize=1 << 16)
def _content(group: str) -> frozenset[str]:
    return frozenset(dictionary.stem(p) for w in en_groups.WORD.findall(group)
                     if not en_groups.is_function_word(w) for p in dictionary.parts(w))


def _best_nested(ranked: list[int], scored: dict[int, tuple[float, float, str, str]]
                 ) -> list[int]:
    """A group's spans, best first, the best replaced by a span nested with it that scores
    at least NESTED_SHARE of it: a longer one that CC-CEDICT confirms better, a shorter one
    that it confirms at least as well. A shorter span is in every segment the longer one is
    (and linking links both), so counting alone cannot tell 个人防护 from 个人防护装备 ("personal
    protective equipment": 装备 is "equipment"), nor 血压 from 高血压 ("blood pressure": 高 is
    not), nor 湖北 from 湖北省 ("Hubei": the 省 is no part of it)."""
    if not ranked:
        return ranked
    top = scored[ranked[0]]
    best = 0
    for n in range(1, len(ranked)):
        there, head = scored[ranked[n]], scored[ranked[best]]
        if there[0] < NESTED_SHARE * top[0]:
            break
        longer = head[2] in there[2] and there[1] > head[1]
        shorter = there[2] in head[2] and there[1] >= head[1]
        if longer or shorter:
            best = n
    if best:
        ranked = [ranked[best], *ranked[:best], *ranked[best + 1:]]
    return ranked


def _most_linked(ranked: list[int], scored: dict[int, tuple[float, float, str, str]],
                 links: dict[int, float]) -> list[int]:
    """A group's spans, the best (after _best_nested) replaced by the span the group is
    *linked* to in most segments, among the spans CC-CEDICT confirms at least as well and not
    nested with it. G² favours an exclusive rare rendering over the usual one whose other
    segments write the same concept in other words: 清洗双手 "wash both hands" (3 segments,
    all with "wash your hands") over 洗手 (linked to "wash your hands" in 4, elsewhere to
    "hand washing", "washing hands"), 患有 "suffer from" over 疾病 for "illness". Nested spans
    are left to _best_nested: inside a longer link the shorter pair takes nothing, so link
    counts cannot tell 湖北 from 湖北省."""
    if not ranked:
        return ranked
    top = scored[ranked[0]]
    best = 0
    for n in range(1, len(ranked)):
        there = scored[ranked[n]]
        if there[0] <= 0:
            break
        if there[1] < top[1] or there[2] in top[2] or top[2] in there[2]:
            continue
        if links.get(ranked[n], 0.0) > links.get(ranked[best], 0.0):
            best = n
    if best:
        ranked = [ranked[best], *ranked[:best], *ranked[best + 1:]]
    return ranked


def _attach_segments(result: list[Candidate], found: list,
                     pairs: association.Pairs, texts: Sequence[Text],
                     stored_zh: list[np.ndarray], stored_en: list[np.ndarray]) -> None:
    """Each candidate's segment ids and two example pairs (the shortest segments: the
    quickest to read)."""
    wanted_zh: dict[int, list[int]] = defaultdict(list)
    for n, (i, *_) in enumerate(found):
        wanted_zh[int(pairs.zh_hash[pairs.zh[i]])].append(n)
    en_of = [int(pairs.en_hash[pairs.en[i]]) for i, *_ in found]
    hits: list[list[int]] = [[] for _ in found]
    for row, (zh_arr, en_arr) in enumerate(zip(stored_zh, stored_en, strict=True)):
        present = wanted_zh.keys() & set(zh_arr.tolist())
        if not present:
            continue
        en_set = set(en_arr.tolist())
        for h in present:
            for n in wanted_zh[h]:
                if en_of[n] in en_set:
                    hits[n].append(row)
    for candidate, rows in zip(result, hits, strict=True):
        fill(candidate, [texts[r] for r in rows])


def fill(candidate: Candidate, found: Sequence[Text]) -> None:
    """Set a candidate's segment ids and examples from the segments that hold it."""
    candidate.segment_ids = [t.id for t in found[:MAX_IDS]]
    shortest = sorted(found, key=lambda t: len(t.zh) + len(t.en))[:EXAMPLES]
    candidate.examples = [(t.zh, t.en) for t in shortest]

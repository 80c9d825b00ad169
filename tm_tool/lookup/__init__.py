"""Lookup for translators: TM matches, concordance, glossary terms.

Library API (the ``tm lookup``/``concordance``/``term`` commands are thin layers over it)::

    from tm_tool.lookup import Lookup
    lookup = Lookup(store)
    lookup.matches("坚决做到两个维护", min_score=70, limit=5)
    lookup.concordance("两个", side="both", limit=50)
    lookup.terms("兩個確立")
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from .. import langtags
from ..index.keys import is_exact, query_grams, tokens
from ..index.reader import Postings
from ..model import Concept, Segment, Term
from ..termmatch import EnglishScanner, Rendering, Termbase, is_case_sensitive
from ..text import QUOTE_CHARS, detect_lang, is_han, normalize_zh_for_terms
from . import fuzzy
from .diff import diff

SEP = "\x1f"  # joins tokens when checking that a phrase's tokens are adjacent

if TYPE_CHECKING:
    from ..store import Store

SIDES = {"source": (0,), "target": (1,), "both": (0, 1)}


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

    def as_dict(self) -> dict:
        return {"score": self.score, "source": self.source, "target": self.target,
                "source_lang": self.source_lang, "target_lang": self.target_lang,
                "origin": self.origin, "position": self.position,
                "segment_id": self.segment_id, "status": self.status,
                "changed_at": self.changed_at, "diff": self.diff}


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


class Lookup:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.postings = Postings(store.conn)

    # --- glossary ----------------------------------------------------------------------

    @cached_property
    def concepts(self) -> list[Concept]:
        return self.store.concepts()

    @cached_property
    def termbase(self) -> Termbase:
        return Termbase(self.concepts)

    @cached_property
    def _english_scanner(self) -> EnglishScanner:
        return EnglishScanner([(c, Rendering(t, exact_case=t.status == "deprecated"))
                               for c in self.concepts for t in c.terms_in("en")])

    def glossary_hits(self, text: str, lang: str | None = None) -> list[GlossaryHit]:
        """Every concept whose term occurs in ``text`` (longest match wins)."""
        lang = lang or detect_lang(text)
        if lang == "zh":
            return [GlossaryHit(h.text, h.start, h.end, h.concept, "zh", "en", h.term)
                    for h in self.termbase.scan(text)]
        hits = [GlossaryHit(found.text, found.start, found.end, concept, "en", "zh",
                            found.term, found.case_ok)
                for concept, found in self._english_scanner.find(text)]
        # longest first; on one span, the term as the text writes it first
        hits.sort(key=lambda h: (h.start, -(h.end - h.start), not h.case_ok))
        kept: list[GlossaryHit] = []
        for hit in hits:  # longest match wins, as for Chinese
            if not any(k.start <= hit.start < k.end for k in kept):
                kept.append(hit)
        return kept

    @cached_property
    def _term_keys(self) -> list[tuple[str, Concept, Term]]:
        return [(normalize_zh_for_terms(t.text)[0], c, t)
                for c in self.concepts for t in c.terms]

    def terms(self, query: str, *, min_score: int | None = None, limit: int = 10
              ) -> list[TermLookupHit]:
        """Glossary entries for ``query`` in either language, best first: exact, prefix (the
        query starts a term), part (a term contains the query: 湾区 finds 粤港澳大湾区; English
        on word boundaries), then fuzzy. Traditional characters, full-width forms and quote
        styles do not matter; capitals do not either, but a case-sensitive term written with
        other capitals is marked (``case_ok``). Prefix and part matches score the share of
        the term the query covers. ``min_score`` applies to every kind; without it, fuzzy
        matches start at 70 and prefix and part matches are all shown."""
        key = normalize_zh_for_terms(query)[0]
        if not key:
            return []
        as_written = nfkc_cased(query)
        best: dict[str, TermLookupHit] = {}
        rank = {kind: -n for n, kind in enumerate(MATCH_KINDS)}

        def offer(hit: TermLookupHit) -> None:
            if min_score is not None and hit.score < min_score:
                return
            old = best.get(hit.concept.key)
            if old is None or (rank[hit.match], hit.score, hit.case_ok) > (
                    rank[old.match], old.score, old.case_ok):
                best[hit.concept.key] = hit

        if any(map(is_han, key)):
            def is_part(term: Term, term_key: str) -> bool:
                return key in term_key
        else:  # English: whole words of the term as written (the key drops the spaces)
            words = re.compile(rf"(?<!\w){re.escape(' '.join(query.lower().split()))}(?!\w)")

            def is_part(term: Term, term_key: str) -> bool:
                return bool(words.search(term.text.lower()))
        for term_key, concept, term in self._term_keys:
            share = round(100 * len(key) / len(term_key))
            if term_key == key:
                case_ok = not is_case_sensitive(term) or nfkc_cased(term.text) == as_written
                offer(TermLookupHit(concept, term, "exact", 100, case_ok))
            elif term_key.startswith(key):
                offer(TermLookupHit(concept, term, "prefix", share))
            elif is_part(term, term_key):
                offer(TermLookupHit(concept, term, "part", share))
        keys = [k for k, _, _ in self._term_keys]
        for _, value, index in process.extract(key, keys, scorer=fuzz.ratio,
                                               score_cutoff=70 if min_score is None
                                               else min_score, limit=limit * 3):
            _, concept, term = self._term_keys[index]
            offer(TermLookupHit(concept, term, "fuzzy", round(value)))
        return sorted(best.values(), key=lambda h: (-rank[h.match], -h.score,
                                                    h.concept.key))[:limit]

    # --- TM matches --------------------------------------------------------------------

    @cached_property
    def _language_pairs(self) -> list[dict]:
        return self.store.language_pairs()

    def _sides_for(self, lang: str) -> dict[int, str]:
        """Which side of the stored segments is written in ``lang``: {side: column}."""
        found = {}
        for pair in self._language_pairs:
            if langtags.primary(pair["source"]) == lang:
                found[0] = "source"
            if langtags.primary(pair["target"]) == lang:
                found[1] = "target"
        return found

    def matches(self, query: str, *, min_score: int = 70, limit: int = 5) -> list[Match]:
        """Exact and fuzzy matches for ``query``, best first."""
        query = query.strip()
        if not query:
            return []
        lang = detect_lang(query)
        found: list[Match] = []
        for side in self._sides_for(lang):
            ids = fuzzy.candidates(self.postings, query, side, min_score)
            texts = self._side_texts(ids, side, lang)  # only the text: candidates are many
            ranked = fuzzy.rank(query, texts, min_score)[: limit * 4]
            segments = self.store.get_segments([seg_id for seg_id, _ in ranked])
            for seg_id, value in ranked:
                seg = segments[seg_id]
                src, tgt = (seg.source, seg.target) if side == 0 else (seg.target, seg.source)
                if not tgt.strip():
                    continue  # an untranslated unit (--keep-untranslated) offers nothing
                src_lang, tgt_lang = ((seg.source_lang, seg.target_lang) if side == 0
                                      else (seg.target_lang, seg.source_lang))
                found.append(Match(value, src, tgt, src_lang, tgt_lang, seg.origin,
                                   seg.position, seg_id, seg.status, seg.changed_at,
                                   diff(query, src) if value < 100 else []))
        trusted = {"approved": 0, "reviewed": 1, "translated": 2}
        found.sort(key=lambda m: (-m.score, trusted.get(m.status, 3),
                                  -(_stamp(m.changed_at)), m.segment_id))
        return found[:limit]

    def _side_texts(self, ids: list[int], side: int, lang: str) -> dict[int, str]:
        """id -> text of one side, for segments whose language on that side is ``lang``."""
        text_col, lang_col = ("source", "source_lang") if side == 0 else ("target",
                                                                          "target_lang")
        found: dict[int, str] = {}
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            for seg_id, text, tag in self.store.conn.execute(
                    f"SELECT id, {text_col}, {lang_col} FROM segments WHERE id IN "
                    f"({','.join('?' * len(chunk))})", chunk):
                if langtags.primary(tag) == lang:
                    found[seg_id] = text
        return found

    # --- concordance -------------------------------------------------------------------

    def concordance(self, phrase: str, *, side: str = "both", limit: int = 50,
                    offset: int = 0) -> Concordance:
        """Segments containing ``phrase`` (case-insensitive, width- and script-folded)."""
        toks = tokens(phrase)
        if not toks:
            return Concordance(phrase, 0, [])
        wanted = SEP + SEP.join(toks) + SEP
        ordered, sides_of, hashed = self._candidates(toks, side, verify=False)
        # (a hit taken on trust is checked with those before it: a failure would shift the page)
        checked = (ordered[:offset + limit] if hashed else ordered[offset:offset + limit]).tolist()
        segments = self.store.get_segments(checked)
        found_in = {i: self._found_in(segments[i], sides_of(i), hashed, wanted) for i in checked}
        if None in found_in.values():
            # A word's or a word pair's postings are exact unless two of them hash alike
            # (40-bit keys: a query in ~10^5 meets one on a million segments), so only the
            # hits up to the page are checked against their text; checking every candidate
            # cost 0.4 s for a frequent English pair. A failure is such a collision: check all.
            ordered, sides_of, _ = self._candidates(toks, side, verify=True)
            checked = ordered[offset:offset + limit].tolist()
            segments = self.store.get_segments(checked)
            found_in = {i: sides_of(i)[0] for i in checked}
        hits = []
        for i in ordered[offset:offset + limit].tolist():
            seg, where = segments[i], found_in[i]
            text = seg.source if where == "source" else seg.target
            hits.append(ConcordanceHit(seg, where, highlight(text, phrase)))
        return Concordance(phrase, len(ordered), hits)

    def _candidates(self, toks: list[str], side: str, *, verify: bool
                    ) -> tuple[np.ndarray, Callable[[int], list[str]], set[str]]:
        """The ids of the segments whose postings hold the phrase (sorted), a function giving
        the sides of one of them that do, and the sides whose postings were taken on trust
        (hashed word keys, not verified)."""
        per_side: dict[str, np.ndarray] = {}
        hashed = set()
        for s in SIDES[side]:
            name = "source" if s == 0 else "target"
            per_side[name], exact = self._containing(toks, s, verify=verify)
            if not exact:
                hashed.add(name)
        arrays = list(per_side.values())
        ordered = arrays[0] if len(arrays) == 1 else np.union1d(*arrays)

        def sides_of(segment_id: int) -> list[str]:
            return [name for name, ids in per_side.items()
                    if (at := np.searchsorted(ids, segment_id)) < len(ids)
                    and ids[at] == segment_id]

        return ordered, sides_of, hashed

    @staticmethod
    def _found_in(seg: Segment, sides: list[str], hashed: set[str], wanted: str) -> str | None:
        """The first side of ``seg`` that really holds the phrase, or None."""
        for name in sides:
            if name not in hashed or _has_tokens(seg.source if name == "source" else seg.target,
                                                 wanted):
                return name
        return None

    def _containing(self, toks: list[str], side: int, *, verify: bool = True
                    ) -> tuple[np.ndarray, bool]:
        """Ids of the segments whose ``side`` holds the tokens (sorted), and whether that is
        exact (else it is exact but for a hash collision: only when ``verify`` is off, for a
        word or a pair)."""
        keys, pairs = query_grams(" ".join(toks))
        grams = pairs or keys
        lists = sorted((self.postings.ids(side, g) for g in set(grams)), key=len)
        ids = lists[0] if lists else np.empty(0, np.int32)
        for more in lists[1:]:
            if not len(ids):
                break
            ids = np.intersect1d(ids, more, assume_unique=True)
        if len(toks) <= 2:
            if all(map(is_exact, grams)):  # Han characters and their pairs: no collisions
                return ids, True
            if not verify:
                return ids, False
        wanted = SEP + SEP.join(toks) + SEP
        column = "source" if side == 0 else "target"
        kept = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500].tolist()
            rows = self.store.conn.execute(
                f"SELECT id, {column} FROM segments WHERE id IN ({','.join('?' * len(chunk))})",
                chunk)
            kept += [i for i, text in rows if _has_tokens(text, wanted)]
        return np.array(sorted(kept), dtype=np.int32), True


def nfkc_cased(text: str) -> str:
    """A term as compared for its capitals: NFKC, quotes and spaces as the term keys drop
    them, case kept."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text)
                   if ch not in QUOTE_CHARS and not ch.isspace())


def _has_tokens(text: str, wanted: str) -> bool:
    """Whether ``text``'s tokens include the run ``wanted`` (tokens joined by SEP)."""
    return wanted in SEP + SEP.join(tokens(text)) + SEP


def highlight(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where ``phrase`` occurs in ``text`` (folded the way the index folds)."""
    norm, offsets = normalize_zh_for_terms(text)
    key = normalize_zh_for_terms(phrase)[0]
    spans = []
    start = norm.find(key) if key else -1
    while start >= 0:
        end = start + len(key)
        spans.append((offsets[start], offsets[end - 1] + 1))
        start = norm.find(key, end)
    return spans


def _stamp(value: str | None) -> float:
    if not value:
        return 0.0
    digits = "".join(ch for ch in value if ch.isdigit())
    return float(digits or 0)

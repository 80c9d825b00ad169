"""English word groups of a segment: runs of 1–5 words inside one clause (never across
punctuation) that neither start nor end with a function word; and quoted or Title-Case
spans, which is how English marks a slogan or a title."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..cedict import STOPWORDS as _CEDICT_STOPWORDS

MAX_WORDS = 5
WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’&.][A-Za-z0-9]+)*")
# Function words: an English term does not start or end with one ("of the", "to be").
STOPWORDS = _CEDICT_STOPWORDS | frozenset("""
will would can could should may might must shall into about over under between through during
after before up down out if while such other only just both either neither s t per via within
without against among upon onto off nor yet whether said says say new including include includes
""".split())
# Punctuation that ends a clause: a term lies within one.
_CLAUSE = re.compile(r"[,;:!?()\[\]{}\"“”‘’/]|(?<![A-Z])\.(?=\s|$)| - | – | — ")
QUOTED = re.compile(r"[“\"]([^“”\"]{2,200})[”\"]")
# Words a Title-Case name may hold in lower case ("Thought on Socialism with …").
_TITLE_GLUE = frozenset("of on for and with in the a an to at by & from".split())


@dataclass(frozen=True)
class Group:
    key: str  # lower case: how groups are counted
    text: str  # as written
    start: int
    end: int
    words: int


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds, last = [], 0
    for match in _CLAUSE.finditer(text):
        bounds.append((last, match.start()))
        last = match.end()
    bounds.append((last, len(text)))
    return [(a, b) for a, b in bounds if b > a]


def groups(text: str, max_words: int = MAX_WORDS) -> list[Group]:
    """Every candidate word group of ``text``."""
    found = []
    for a, b in _clauses(text):
        tokens = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text, a, b)]
        edge = [is_function_word(w) for w, _, _ in tokens]
        for i in range(len(tokens)):
            if edge[i]:
                continue
            for j in range(i, min(i + max_words, len(tokens))):
                if edge[j]:
                    continue
                start, end = tokens[i][1], tokens[j][2]
                piece = text[start:end]
                found.append(Group(key(piece), piece, start, end, j - i + 1))
    return found


_PLURAL = ((re.compile(r"(?<=[a-z]{2})ies$"), "y"),
           (re.compile(r"(?<=[a-z])(ss|us|is)$"), r"\1"),
           (re.compile(r"(?<=[a-z])(ss|x|z|ch|sh)es$"), r"\1"),
           (re.compile(r"(?<=[a-z]{2})s$"), ""))


_HEAD = re.compile(r"[A-Za-z]+$")


def key(text: str) -> str:
    """How a group is counted: lower case, its last word in the singular ("Vaccines" →
    "vaccine", "washing hands" → "washing hand"), so that a term's inflected forms add up."""
    head = _HEAD.search(text)
    if head is None:
        return text.lower()
    return text[:head.start()].lower() + _singular(head.group())


@lru_cache(maxsize=1 << 16)
def _singular(word: str) -> str:
    lowered = word.lower()
    if len(word) < 4 or word.isupper():
        return lowered
    for pattern, replacement in _PLURAL:
        singular, n = pattern.subn(replacement, lowered)
        if n:
            return singular
    return lowered


def is_function_word(word: str) -> bool:
    """A stop word, unless written in capitals as an acronym (WHO, US)."""
    return word.lower() in STOPWORDS and not (len(word) > 1 and word.isupper())


def strip_edges(text: str) -> str:
    """``text`` without the function words at its edges ("the incubation period" →
    "incubation period"): the form a group of it has."""
    words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    while words and is_function_word(words[0][2]):
        words.pop(0)
    while words and is_function_word(words[-1][2]):
        words.pop()
    return text[words[0][0]:words[-1][1]] if words else ""


def quoted(text: str) -> list[Group]:
    """The quoted spans of ``text`` (inside the marks)."""
    found = []
    for match in QUOTED.finditer(text):
        inner = match.group(1).strip(" ,.")
        if WORD.search(inner):
            start = text.index(inner, match.start(1))
            found.append(Group(key(inner), inner, start, start + len(inner),
                               len(WORD.findall(inner))))
    return found


def title_spans(text: str) -> list[Group]:
    """Maximal Title-Case spans (capitalised words, joined by of/on/for/and …), two words or
    more, not counting a capital that only starts the sentence."""
    tokens = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
    found, i = [], 0
    while i < len(tokens):
        if not is_capitalised(tokens[i][0]):
            i += 1
            continue
        j = i
        while (k := _next_capital(text, tokens, j)) is not None:
            j = k
        if j > i:
            start, end = tokens[i][1], tokens[j][2]
            piece = text[start:end]
            found.append(Group(key(piece), piece, start, end, j - i + 1))
        i = j + 1
    return found


def _next_capital(text: str, tokens: list[tuple[str, int, int]], j: int) -> int | None:
    """The index of the capitalised word that continues a title after word ``j`` (over
    glue words such as "of the"), else None."""
    k = j + 1
    while k < len(tokens) and joined(text, tokens[k - 1][2], tokens[k][1]):
        if is_capitalised(tokens[k][0]):
            return k
        if tokens[k][0].lower() not in _TITLE_GLUE:
            return None
        k += 1
    return None


def is_capitalised(word: str) -> bool:
    """Whether a word may continue a Title-Case name (a capital or a figure: "20th")."""
    return word[:1].isupper() or word[:1].isdigit()



def joined(text: str, left_end: int, right_start: int) -> bool:
    """Whether only spaces (or a hyphen) lie between two words."""
    return text[left_end:right_start].strip(" -") == ""

"""The match score: edit-distance similarity over tokens, 100 = identical.

    score = 100 × (1 − d / max(len(q), len(s)))

where d is the Levenshtein distance (insert, delete, substitute: cost 1 each) between the token
sequences of query q and segment s (characters for Chinese, words for English; see index/keys.py).
A segment equal to the query scores 100; one that differs only in whitespace, full-/half-width
forms, quotes, punctuation, letter case or Traditional/Simplified script scores 99; any other
fuzzy score is capped at 98, so the ranking shows at a glance which matches need an edit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from ..text import nfc

EXACT = 100
NEAR_EXACT = 99
FUZZY_CAP = 98


def similarity(query_tokens: Sequence[str], segment_tokens: Sequence[str]) -> float:
    """100 × (1 − d / max length), unrounded. Tokens as lists, or as token strings
    (index/keys.py TokenStrings: one character per token)."""
    longest = max(len(query_tokens), len(segment_tokens))
    if longest == 0:
        return 100.0
    return 100.0 * (1.0 - Levenshtein.distance(query_tokens, segment_tokens) / longest)


def score(query: str, segment: str, query_tokens: Sequence[str],
          segment_tokens: Sequence[str]) -> int:
    """The score a user sees (an integer percentage)."""
    if nfc(query.strip()) == nfc(segment.strip()):
        return EXACT
    if query_tokens == segment_tokens:  # tokens ignore spacing, width, punctuation, case, script
        return NEAR_EXACT
    return min(FUZZY_CAP, math.floor(similarity(query_tokens, segment_tokens)))

"""What differs between a query and a match, as CAT tools show it.

The texts are cut into pieces (a Han character, a word, one punctuation mark, each with the
spaces after it) and aligned on a normalised key per piece: full-width and half-width forms,
curly and straight quotes, Traditional and Simplified Chinese, and case count as the same, as
they do for the score (a 99 % match that differs only in those shows no edit). Punctuation is a
piece of its own, so a dropped "。" is a deletion of "。", not a replacement of "持。" by "持".
"""

from __future__ import annotations

import re
from itertools import groupby

from rapidfuzz.distance import Levenshtein

from ..text import is_han, nfkc, to_simplified, unify_punct

# A word or one other character, with the spaces after it; leading spaces are a piece.
_TOKEN = re.compile(r"^\s+|(?:[^\W_]+|[\W_])\s*")


def pieces(text: str) -> list[str]:
    """Joining the pieces gives the text back exactly. Han characters are pieces of their
    own (Chinese is compared character by character, as it is scored)."""
    found: list[str] = []
    for token in _TOKEN.findall(text):
        if token.isascii() or not any(is_han(ch) for ch in token):
            found.append(token)
            continue
        word = token.rstrip()
        runs = ["".join(run) for han, run in groupby(word, is_han) for run in
                ([*run] if han else ["".join(run)])]
        found.extend([*runs[:-1], runs[-1] + token[len(word):]])
    return found


def _keys(text: str, parts: list[str]) -> list[str]:
    """The comparison key of each piece (Traditional folded where OpenCC keeps the length, so
    the pieces of the folded text line up with the original's)."""
    simplified = to_simplified(text)
    if len(simplified) != len(text):
        simplified = text
    keys, start = [], 0
    for part in parts:
        keys.append(unify_punct(nfkc(simplified[start:start + len(part)])).strip().casefold())
        start += len(part)
    return keys


def diff(query: str, match: str) -> list[dict[str, str]]:
    """Edit operations turning the match into the query.

    Each op is ``{"op": "equal"|"insert"|"delete"|"replace", "match": text, "query": text}``:
    ``delete`` is match text the query lacks, ``insert`` is query text the match lacks.
    """
    q, m = pieces(query), pieces(match)
    ops = Levenshtein.opcodes(_keys(match, m), _keys(query, q))
    return [{"op": tag, "match": "".join(m[m1:m2]), "query": "".join(q[q1:q2])}
            for tag, m1, m2, q1, q2 in ops]


def plain(ops: list[dict[str, str]]) -> str:
    """The match with the edits in wdiff's markers, for output without colour:
    ``[-deleted-]`` is in the match only, ``{+inserted+}`` in the query only."""
    shown = []
    for op in ops:
        if op["op"] == "equal":
            shown.append(op["match"])
            continue
        text = op["query"] if op["op"] == "insert" else op["match"]
        space = text[len(text.rstrip()):]
        if op["op"] in ("delete", "replace"):
            shown.append(f"[-{op['match'].rstrip()}-]")
        if op["op"] in ("insert", "replace"):
            shown.append(f"{{+{op['query'].rstrip()}+}}")
        shown.append(space)
    return "".join(shown)

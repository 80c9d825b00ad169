"""What differs between a query and a match, as CAT tools show it."""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

# A Han character or a word, with the spaces and punctuation that follow it; joining the
# pieces gives the text back exactly.
_PIECE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][\W_]*|[^\W_]+[\W_]*|[\W_]+")


def pieces(text: str) -> list[str]:
    return _PIECE.findall(text)


def diff(query: str, match: str) -> list[dict[str, str]]:
    """Edit operations turning the match into the query.

    Each op is ``{"op": "equal"|"insert"|"delete"|"replace", "match": text, "query": text}``:
    ``delete`` is match text the query lacks, ``insert`` is query text the match lacks.
    """
    q, m = pieces(query), pieces(match)
    key = [p.strip().casefold() for p in m], [p.strip().casefold() for p in q]
    return [{"op": tag, "match": "".join(m[m1:m2]), "query": "".join(q[q1:q2])}
            for tag, m1, m2, q1, q2 in Levenshtein.opcodes(*key)]

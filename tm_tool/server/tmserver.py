"""amaGama / tmserver: what Weblate (``tmserver`` machinery), Virtaal, Okapi's Translate
Toolkit connector, Pootle and Pontoon ask.

    GET /tmserver/{src}/{tgt}/unit/{text}?min_similarity=N&max_candidates=M[&jsoncallback=f]
    GET /tmserver/{src}/{tgt}/unit/?source={text}          (Pontoon's form)
    GET /tmserver/languages/   → {"sourceLanguages": […], "targetLanguages": […]}
    (all also under /api/v1/)

Answer: ``[{"source", "target", "quality", "rank"}]``, best first. ``quality`` is always a JSON
float (``100.0``): Okapi casts it to Double, which fails on an integer. An unknown language
pair is ``200 []``, never an error: Weblate's settings check asks for en → de.
"""

from __future__ import annotations

import re

from . import languages
from .context import StoreContext
from .http import HttpError, Request, Response, checked_text, int_param, json_bytes, json_response
from .matching import matches_for, pair_list

# amaGama: min_similarity defaults to 70 and is never below it; max_candidates defaults to 5
# and is capped at 30.
MIN_SIMILARITY, MAX_CANDIDATES, CANDIDATES_CAP = 70, 5, 30
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")


def unit(ctx: StoreContext, request: Request, src: str, tgt: str, text: str) -> Response:
    """Matches for ``text`` (the rest of the path, or ``?source=``)."""
    query = request.query
    text = text or query.get("source", "")
    checked_text(text, "the text after /unit/, or ?source=")
    min_score = max(MIN_SIMILARITY, int_param(query, "min_similarity", MIN_SIMILARITY, 0, 100))
    limit = min(CANDIDATES_CAP, int_param(query, "max_candidates", MAX_CANDIDATES, 1, 10**6))
    found = [{"source": match.source, "target": match.target, "quality": float(match.score),
              "rank": float(match.score)}
             for match in matches_for(ctx, text, src, tgt, min_score=min_score, limit=limit)]
    return _answer(found, query.get("jsoncallback"))


def language_list(ctx: StoreContext, request: Request) -> Response:
    """The languages on either side of the memory's pairs, as clients may spell them."""
    pairs = pair_list(ctx)
    sources = sorted({spelling for src, _ in pairs for spelling in languages.spellings(src)})
    targets = sorted({spelling for _, tgt in pairs for spelling in languages.spellings(tgt)})
    return _answer({"sourceLanguages": sources, "targetLanguages": targets},
                   request.query.get("jsoncallback"))


def _answer(data: object, callback: str | None) -> Response:
    """JSON, or JSONP for Pootle's ``jsoncallback``."""
    if not callback:
        return json_response(data)
    if not _CALLBACK.match(callback):
        raise HttpError(400, "jsoncallback must be a JavaScript identifier")
    body = callback.encode("ascii") + b"(" + json_bytes(data) + b");"
    return Response(200, [body], [("Content-Type", "application/javascript; charset=utf-8"),
                                  ("Content-Length", str(len(body)))])

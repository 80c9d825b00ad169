"""Apertium APy's shape, so that OmegaT (≥ 4, "Apertium" with a custom server URL) and
Weblate (``apertium-apy``) show the memory's best match as a machine translation.

    GET /listPairs → {"responseData": [{"sourceLanguage", "targetLanguage"}…], …}
    GET /translate?q=TEXT&langpair=SRC|TGT[&markUnknown=no&key=…]
      → {"responseData": {"translatedText": "…"}, "responseDetails": null, "responseStatus": 200}

OmegaT refuses an answer without ``responseStatus``; Weblate maps zh_Hant to zho but sends
zh_Hans as it is, so every spelling of a language is listed and accepted.
"""

from __future__ import annotations

from . import languages
from .context import StoreContext
from .http import HttpError, Request, Response, checked_text, int_param, json_response
from .matching import MT_MIN_SCORE, best_target, pair_list


def list_pairs(ctx: StoreContext, request: Request) -> Response:
    data = [{"sourceLanguage": src_spelling, "targetLanguage": tgt_spelling}
            for src, tgt in pair_list(ctx)
            for src_spelling in _apy_spellings(src) for tgt_spelling in _apy_spellings(tgt)]
    return json_response({"responseData": data, "responseDetails": None,
                          "responseStatus": 200})


def _apy_spellings(code: str) -> list[str]:
    return [s for s in languages.spellings(code) if "-" not in s]


def translate(ctx: StoreContext, request: Request) -> Response:
    query = request.query
    text = checked_text(query.get("q"), "q")
    src, bar, tgt = query.get("langpair", "").partition("|")
    if not bar or not src or not tgt:
        raise HttpError(400, "langpair must be SOURCE|TARGET, e.g. zh_CN|en")
    min_score = int_param(query, "min_score", MT_MIN_SCORE, 1, 100)
    translated = best_target(ctx, text, src, tgt, min_score)
    return json_response({"responseData": {"translatedText": translated},
                          "responseDetails": None if translated else "no match",
                          "responseStatus": 200})

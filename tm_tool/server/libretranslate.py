"""LibreTranslate's shape (Weblate's ``libretranslate`` machinery; any LibreTranslate client).

    GET  /languages → [{"code": "zh", "name": "Chinese", "targets": ["en"]}, …]
    POST /translate  q (a text or a list), source, target[, api_key, format] as JSON or a form
      → {"translatedText": "…"} (a list for a list)

Weblate sends a list of texts and maps zh_Hans to zh-Hans; the best match at or above 75 is
the translation, '' when there is none.
"""

from __future__ import annotations

from ..text import detect_lang
from .context import StoreContext
from .http import HttpError, Request, Response, checked_text, json_response
from .matching import best_target, pair_list

_NAMES = {"zh": "Chinese", "en": "English"}
MAX_TEXTS = 100  # texts in one request (Weblate sends batches of 20)


def language_list(ctx: StoreContext, request: Request) -> Response:
    targets: dict[str, list[str]] = {}
    for src, tgt in pair_list(ctx):
        targets.setdefault(src, []).append(tgt)
    return json_response([{"code": code, "name": _NAMES.get(code, code), "targets": found}
                          for code, found in targets.items()])


def translate(ctx: StoreContext, request: Request) -> Response:
    form = request.form()
    source, target, q = form.get("source"), form.get("target"), form.get("q")
    if not isinstance(source, str) or not isinstance(target, str) or not source or not target:
        raise HttpError(400, "give source and target (language codes)")
    if isinstance(q, list):
        if len(q) > MAX_TEXTS or not all(isinstance(t, str) for t in q):
            raise HttpError(400, f"q must be a text or a list of at most {MAX_TEXTS} texts")
        return json_response({"translatedText": [_one(ctx, t, source, target) for t in q]})
    if not isinstance(q, str):
        raise HttpError(400, "give q (the text to translate)")
    return json_response({"translatedText": _one(ctx, q, source, target)})


def _one(ctx: StoreContext, text: str, source: str, target: str) -> str:
    checked_text(text)
    return best_target(ctx, text, detect_lang(text) if source == "auto" else source, target)

"""``tm serve``: the memory and glossary over HTTP, in the protocols CAT and localization
tools already speak.

One module per job: ``http`` (requests, JSON responses and errors: what every route shares),
``routes`` (the URL table), ``context`` (one store connection per thread, many readers, one
writer), ``languages`` (the language codes clients write), one module per protocol
(``tmserver``: amaGama/tmserver for Weblate, Virtaal, Okapi, Pootle; ``apertium``;
``libretranslate``; ``tmx_repo``: OmegaT's ``http`` team repository; ``native``: tm_tool's own
JSON API), ``app`` (the WSGI application) and ``run`` (gunicorn, the server it runs on)::

    from tm_tool.server import make_app
    application = make_app("tm.db", tokens={"s3cret": "alice"})   # any WSGI server
"""

from __future__ import annotations

from .app import TmApp, make_app

__all__ = ["TmApp", "make_app"]

"""The WSGI application: find the route, run it, answer JSON errors.

Every failure is an answer with a status and ``{"error", "status"}``: the client's mistakes
(400, 404, 405, 413), a missing token (401/403), a busy or broken database (503), and a bug
(500, logged with its traceback; the server keeps serving). A client that leaves mid-answer
is the WSGI server's business (it closes the body; nothing here notices).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from ..errors import StoreError, TmError
from ..store.connection import describe
from . import routes
from .auth import writer
from .context import StoreContext
from .http import HttpError, Request, Response, error_response

log = logging.getLogger("tm_tool.server")


class TmApp:
    """``TmApp(db_path, tokens)`` is a WSGI application (any WSGI server can run it)."""

    def __init__(self, db_path: str | Path, tokens: dict[str, str] | None = None) -> None:
        # NumPy now, once: a server's start-up is paid once, and posting lists read before
        # it is loaded would be set-operated in plain Python (index/idsets.py), which suits a
        # command's one query but not a server's thousands.
        import numpy  # noqa: F401

        self.context = StoreContext(db_path)
        self.tokens = dict(tokens or {})

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        response = self.respond(environ)
        start_response(response.status_line(), response.headers)
        if environ.get("REQUEST_METHOD") == "HEAD":
            close = getattr(response.body, "close", None)
            if close is not None:
                close()
            return []
        return response.body

    def respond(self, environ: dict) -> Response:
        try:
            request = Request(environ)
            route, values = routes.find(request.method, request.path)
            if not route.writes:
                return route.handler(self.context, request, **values)  # type: ignore[return-value]
            values["user"] = writer(request, self.tokens)
            try:
                return route.handler(self.context, request, **values)  # type: ignore[return-value]
            finally:
                self.context.changed()
        except HttpError as exc:
            return error_response(exc)
        except StoreError as exc:
            return error_response(HttpError(503, str(exc)))
        except TmError as exc:  # bad input the library refused (an unknown status …)
            return error_response(HttpError(400, " ".join(str(exc).split())))
        except sqlite3.Error as exc:
            return error_response(HttpError(503, str(describe(exc, self.context.db_path))))
        except Exception:
            log.exception("error answering %s %s", environ.get("REQUEST_METHOD"),
                          environ.get("RAW_URI") or environ.get("PATH_INFO"))
            return error_response(HttpError(500, "internal error (logged by the server)"))

    def close(self) -> None:
        self.context.close()


def make_app(db_path: str | Path, tokens: dict[str, str] | None = None) -> TmApp:
    return TmApp(db_path, tokens)

"""The URL table: which handler answers which method and path.

A pattern is a path of literal segments, ``{name}`` (one segment) and a last ``{name*}`` (the
rest of the path, slashes and all: amaGama's ``<path:query>``, for clients that do not quote
``/``). Every tmserver route is also under ``/api/v1`` (amaGama mounts both).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import apertium, libretranslate, native, tmserver, tmx_repo
from .http import HttpError

Handler = Callable[..., object]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: tuple[str, ...]
    handler: Handler
    writes: bool = False  # needs a bearer token; the handler gets ``user``

    def match(self, path: list[str]) -> dict[str, str] | None:
        values: dict[str, str] = {}
        for index, part in enumerate(self.pattern):
            if part.endswith("*}"):
                values[part[1:-2]] = "/".join(path[index:])
                return values
            if index >= len(path):
                return None
            if part.startswith("{"):
                values[part[1:-1]] = path[index]
            elif part != path[index]:
                return None
        return values if len(path) == len(self.pattern) else None


def _route(method: str, path: str, handler: Handler, *, writes: bool = False) -> Route:
    return Route(method, tuple(path.removeprefix("/").split("/")), handler, writes)


def _tmserver(prefix: str) -> list[Route]:
    return [_route("GET", f"{prefix}/languages/", tmserver.language_list),
            _route("GET", f"{prefix}/languages", tmserver.language_list),
            _route("GET", f"{prefix}/{{src}}/{{tgt}}/unit/{{text*}}", tmserver.unit)]


ROUTES: list[Route] = [
    *_tmserver("/tmserver"),
    *_tmserver("/api/v1"),
    _route("GET", "/listPairs", apertium.list_pairs),
    _route("GET", "/translate", apertium.translate),
    _route("GET", "/languages", libretranslate.language_list),
    _route("POST", "/translate", libretranslate.translate),
    _route("GET", "/tmx/{name}", tmx_repo.tmx),
    _route("GET", "/lookup", native.lookup),
    _route("GET", "/concordance", native.concordance),
    _route("GET", "/terms", native.terms),
    _route("POST", "/check", native.check),
    _route("GET", "/health", native.health),
    _route("GET", "/stats", native.stats),
    _route("GET", "/segments/{segment_id}", native.segment),
    _route("PATCH", "/segments/{segment_id}", native.edit_segment, writes=True),
    _route("DELETE", "/segments/{segment_id}", native.delete_segment, writes=True),
    _route("POST", "/glossary/{concept}", native.add_terms, writes=True),
    _route("DELETE", "/glossary/{concept}", native.remove_terms, writes=True),
    _route("DELETE", "/glossary/{concept}/{term}", native.remove_terms, writes=True),
]


def find(method: str, path: list[str]) -> tuple[Route, dict[str, str]]:
    """The route for a request; 404 for an unknown path, 405 for a known one asked with
    another method (HEAD is answered as GET)."""
    wanted = "GET" if method == "HEAD" else method
    allowed: list[str] = []
    for route in ROUTES:
        values = route.match(path)
        if values is None:
            continue
        if route.method == wanted:
            return route, values
        allowed.append(route.method)
    if allowed:
        methods = ", ".join(sorted(set(allowed)))
        raise HttpError(405, f"{method} is not allowed here (use {methods})",
                        [("Allow", methods)])
    raise HttpError(404, "no such endpoint: see the README's 'Serving a team' for the routes")

"""tm_tool's own JSON API: the CLI's ``--json`` answers over HTTP (built by the same functions,
so both stay one shape), and the writes a team needs, each recorded in the history with the
user of the bearer token, as the CLI records ``--user``.

    GET    /lookup?q=&min_score=&limit=&origin=&status=     (tm lookup --json)
    GET    /concordance?q=&side=&limit=&offset=&substring=&regex=&case_sensitive=
    GET    /terms?q=&min_score=&limit=                       (tm term --json)
    POST   /check?name=FILE.po   (the file as the body)      (tm check --json)
    GET    /segments/{id}                                    (tm segments show --json)
    PATCH  /segments/{id}   {"source","target","note","status"} (tm segments edit --json)
    DELETE /segments/{id}                                    (tm segments delete --json)
    POST   /glossary/{concept}  {"zh": [...], "en": [...], "status": "preferred", "note"}
    DELETE /glossary/{concept}[/{term}]
    GET    /health, /stats
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from .. import glossary_changes as edits
from ..checks.api import CheckOptions, check_files
from ..checks.report import json_report
from ..errors import TmError
from ..lookup import SearchOptions
from ..model import SEGMENT_STATUSES, TERM_STATUSES
from ..store import Selection
from ..store import glossary as glossary_store
from ..store.segment_history import segment_dict
from ..store.segments import SegmentFilter
from .context import StoreContext
from .http import (
    HttpError,
    Request,
    Response,
    checked_text,
    flag_param,
    int_param,
    json_response,
)

_EDITABLE = ("source", "target", "note", "status")


def _where(query: dict[str, str]) -> SegmentFilter | None:
    origin, status = query.get("origin") or None, query.get("status") or None
    if status is not None and status not in SEGMENT_STATUSES:
        raise HttpError(400, f"status={status!r}: use one of {', '.join(SEGMENT_STATUSES)}")
    return SegmentFilter(origin=origin, status=status) if origin or status else None


def lookup(ctx: StoreContext, request: Request) -> Response:
    query = request.query
    text = checked_text(query.get("q"))
    answer = ctx.lookup.answer(text, min_score=int_param(query, "min_score", 70, 1, 100),
                               limit=int_param(query, "limit", 5, 1, 100), where=_where(query))
    return json_response(answer)


def concordance(ctx: StoreContext, request: Request) -> Response:
    query = request.query
    phrase = checked_text(query.get("q"))
    side = query.get("side", "both")
    if side not in ("source", "target", "both"):
        raise HttpError(400, "side must be source, target or both")
    options = SearchOptions(substring=flag_param(query, "substring"),
                            regex=flag_param(query, "regex"),
                            case_sensitive=flag_param(query, "case_sensitive"),
                            where=_where(query))
    result = ctx.lookup.concordance(phrase, side=side, options=options,
                                    limit=int_param(query, "limit", 20, 1, 1000),
                                    offset=int_param(query, "offset", 0, 0, 10**9))
    return json_response(result.as_dict())


def terms(ctx: StoreContext, request: Request) -> Response:
    query = request.query
    text = checked_text(query.get("q"))
    min_score = query.get("min_score")
    hits = ctx.lookup.terms(text, limit=int_param(query, "limit", 10, 1, 1000),
                            min_score=None if not min_score
                            else int_param(query, "min_score", 70, 1, 100))
    return json_response({"query": text, "terms": [h.as_dict() for h in hits]})


def check(ctx: StoreContext, request: Request) -> Response:
    """``tm check --json`` of a posted file, against the memory's glossary. The file is
    written to a temporary folder under its own name (the readers pick the format by it)."""
    name = Path(request.query.get("name") or "").name
    if not name or "." not in name:
        raise HttpError(400, "give name=FILE.EXT (po, tmx, xlf, tsv, csv): the format")
    body = request.body()
    with tempfile.TemporaryDirectory(prefix="tm-serve-check.") as folder:
        path = Path(folder) / name
        path.write_bytes(body)
        try:
            report = check_files([path], store=ctx.store,
                                 options=CheckOptions(jobs=1))
        except TmError as exc:
            raise HttpError(400, str(exc).replace(str(path), name)) from None
        report.sources = [name]
        buffer = io.StringIO()  # (the writer of `tm check --format json`)
        json_report.write(report, buffer, show_suppressed=False)
    return json_response(json.loads(buffer.getvalue()))


def health(ctx: StoreContext, request: Request) -> Response:
    return json_response({"status": "ok", "segments": ctx.segment_count})


def stats(ctx: StoreContext, request: Request) -> Response:
    return json_response(ctx.store.stats())


# --- segments -------------------------------------------------------------------------------

def _segment_id(text: str) -> int:
    if not text.isdigit():
        raise HttpError(400, f"segment id {text!r} is not a number")
    return int(text)


def segment(ctx: StoreContext, request: Request, segment_id: str) -> Response:
    found = ctx.store.get_segments([_segment_id(segment_id)])
    if not found:
        raise HttpError(404, f"no segment {segment_id}")
    return json_response({"segments": [segment_dict(seg) for seg in found.values()]})


def edit_segment(ctx: StoreContext, request: Request, segment_id: str, user: str) -> Response:
    values = request.form()
    unknown = sorted(set(values) - set(_EDITABLE))
    if unknown or not values:
        raise HttpError(400, f"give some of {', '.join(_EDITABLE)}"
                        + (f" (not {', '.join(unknown)})" if unknown else ""))
    if any(v is not None and not isinstance(v, str) for v in values.values()):
        raise HttpError(400, "every value must be a string (or null for the note)")
    if values.get("note") == "":
        values["note"] = None
    number = _segment_id(segment_id)
    if not ctx.store.get_segments([number]):
        raise HttpError(404, f"no segment {segment_id}")
    change = ctx.store.edit_segment(number, values, user=user, command="serve PATCH /segments")
    return json_response({"changes": [change.as_dict()] if change else []})


def delete_segment(ctx: StoreContext, request: Request, segment_id: str, user: str
                   ) -> Response:
    number = _segment_id(segment_id)
    if not ctx.store.get_segments([number]):
        raise HttpError(404, f"no segment {segment_id}")
    changes = ctx.store.delete_segments(Selection(ranges=((number, number),)), user=user,
                                        command="serve DELETE /segments")
    return json_response({"dry_run": False, "deleted": len(changes),
                          "changes": [c.as_dict() for c in changes]})


# --- glossary -------------------------------------------------------------------------------

def _texts(data: dict, key: str) -> list[str]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise HttpError(400, f"{key} must be a term or a list of terms")
    return value


def add_terms(ctx: StoreContext, request: Request, concept: str, user: str) -> Response:
    """Add a concept, or terms to one (``tm glossary add``): the first Chinese term of a new
    concept is preferred, the others admitted; English terms take ``status``."""
    data = request.form()
    zh, en = _texts(data, "zh"), _texts(data, "en")
    status = data.get("status", "preferred")
    if status not in TERM_STATUSES:
        raise HttpError(400, f"status must be one of {', '.join(TERM_STATUSES)}")
    if not zh and not en:
        raise HttpError(400, "give zh and/or en terms")
    note = data.get("note") if isinstance(data.get("note"), str) else None
    return _commit(ctx, "add", user, lambda before: edits.add_renderings(
        before, concept, zh, en, status=status, note=note))


def remove_terms(ctx: StoreContext, request: Request, concept: str, user: str,
                 term: str | None = None) -> Response:
    return _commit(ctx, "remove", user, lambda before: edits.remove(before, concept, term))


def _commit(ctx: StoreContext, command: str, user: str, edit) -> Response:
    """One glossary change: validated, written with its history, answered as
    ``tm glossary … --json`` answers."""
    store = ctx.store
    before = store.concepts()
    try:
        changes = glossary_store.apply(store, f"serve {command}", before, edit(before),
                                       user=user)
    except glossary_store.GlossaryRefused as exc:
        raise HttpError(422, "; ".join(exc.lines())) from None
    except TmError as exc:
        raise HttpError(400, str(exc)) from None
    return json_response({"dry_run": False, "changes": [c.as_dict() for c in changes]})

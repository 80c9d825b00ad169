"""``tm segments …``: list, show, edit, delete, set-status, dedupe and history of stored
segments. Thin: the options become a :class:`~tm_tool.store.Selection` and one store call
(store/maintenance.py); who made a change comes from the glossary commands' rule (--user,
else $TM_USER, else the login name)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import UsageError
from ..model import SEGMENT_STATUSES, Segment
from ..store import SegmentChange, SegmentFilter, Selection
from ..store.segment_history import segment_dict
from .app import JsonOption, counted, out, print_json, progress_bar, segments_app, state
from .glossary_edit import UserOption
from .glossary_edit import _user as who
from .segments import _lang, _since

IdsArgument = Annotated[list[str] | None, typer.Argument(
    help="Segment ids or ranges (12 15 20-30).", show_default=False)]
OriginOption = Annotated[str | None, typer.Option(help="Only this document.")]
StatusOption = Annotated[str | None, typer.Option(
    help=f"Only this status ({', '.join(SEGMENT_STATUSES)}).")]
SinceOption = Annotated[str | None, typer.Option(
    help="Only segments changed since (YYYY-MM-DD or ISO 8601).")]
ContainsOption = Annotated[str | None, typer.Option(
    help="Only segments whose source or target contains this text (exact, case-sensitive).")]
SrcOption = Annotated[str | None, typer.Option(help="Only this source language.")]
TgtOption = Annotated[str | None, typer.Option(help="Only this target language.")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Say what would go; write "
                                            "nothing.")]


def parse_ids(values: list[str] | None) -> tuple[tuple[int, int], ...]:
    """'12', '20-30' (or '12,15'): inclusive id ranges."""
    ranges = []
    for value in (part for given in values or [] for part in given.split(",") if part):
        first, _, last = value.partition("-")
        if not (first.isdigit() and (last.isdigit() or not last)) or int(last or first) < int(
                first):
            raise UsageError(f"{value!r} is not a segment id (12) or id range (12-20)")
        ranges.append((int(first), int(last or first)))
    return tuple(ranges)


def selection(ids: list[str] | None, origin: str | None = None, status: str | None = None,
              since: str | None = None, contains: str | None = None, src: str | None = None,
              tgt: str | None = None) -> Selection:
    if status is not None and status not in SEGMENT_STATUSES:
        raise UsageError(f"--status {status!r}: use one of {', '.join(SEGMENT_STATUSES)}")
    matching = SegmentFilter(origin=origin, since=_since(since), status=status,
                             src=_lang(src), tgt=_lang(tgt))
    return Selection(matching, parse_ids(ids), contains or None)


def _line(seg: Segment) -> str:
    where = f"{seg.origin}:{seg.position}" if seg.origin else "-"
    return f"#{seg.id} [{seg.status}] {where}  {seg.source}  →  {seg.target}"


def _print_changes(changes: list[SegmentChange], *, dry_run: bool = False) -> None:
    for change in changes:
        if change.action in ("delete", "dedupe"):
            out.print(f"#{change.segment_id}: {'would be ' if dry_run else ''}deleted",
                      markup=False)
            continue
        for name, old in (change.before or {}).items():
            out.print(f"#{change.segment_id}: {name} {old!r} → {(change.after or {})[name]!r}",
                      markup=False)
    if not changes:
        out.print("nothing changed")
    elif dry_run:
        out.print("(dry run: nothing written)")


@segments_app.command("list")
def list_cmd(ctx: typer.Context, ids: IdsArgument = None, origin: OriginOption = None,
             status: StatusOption = None, since: SinceOption = None,
             contains: ContainsOption = None, src: SrcOption = None, tgt: TgtOption = None,
             limit: Annotated[int, typer.Option(min=1, help="Segments per page.")] = 50,
             offset: Annotated[int, typer.Option(min=0, help="Skip this many.")] = 0,
             json_out: JsonOption = False) -> None:
    """List stored segments in id order, a page at a time.

    Example: [bold]tm segments list --origin plenary.tmx --status fuzzy --limit 20[/bold]
    """
    chosen = selection(ids, origin, status, since, contains, src, tgt)
    with state(ctx).open() as store:
        total = store.count_selected(chosen)
        found = store.select_segments(chosen, limit=limit, offset=offset)
    if json_out:
        print_json({"total": total, "offset": offset, "limit": limit,
                    "segments": [segment_dict(seg) for seg in found]})
        return
    for seg in found:
        out.print(_line(seg), markup=False)
    out.print(f"({counted(total, 'segment')}; shown {offset + 1 if found else 0}–"
              f"{offset + len(found)})", markup=False)


@segments_app.command("show")
def show_cmd(ctx: typer.Context, ids: Annotated[list[str], typer.Argument(
                 help="Segment ids or ranges.")], json_out: JsonOption = False) -> None:
    """Show every field of segments.

    Example: [bold]tm segments show 12 15[/bold]
    """
    with state(ctx).open() as store:
        found = store.select_segments(selection(ids))
    if json_out:
        print_json({"segments": [segment_dict(seg) for seg in found]})
        return
    for seg in found:
        out.print(f"[bold]#{seg.id}[/bold]")
        for name, value in segment_dict(seg).items():
            if name != "id":
                out.print(f"  {name}: {value!r}" if value not in (None, []) else
                          f"  {name}: -", markup=False)


@segments_app.command("edit")
def edit_cmd(ctx: typer.Context,
             segment_id: Annotated[int, typer.Argument(metavar="ID", help="Segment id.")],
             source: Annotated[str | None, typer.Option(help="New source text.")] = None,
             target: Annotated[str | None, typer.Option(help="New target text.")] = None,
             note: Annotated[str | None, typer.Option(help="New note ('' removes it).")] = None,
             status: StatusOption = None, user: UserOption = None,
             json_out: JsonOption = False) -> None:
    """Correct a segment's source, target, note or status (recorded in its history; the
    search index follows).

    Example: [bold]tm segments edit 12 --target 'the Two Establishments' --status approved[/bold]
    """
    values = {name: value for name, value in (("source", source), ("target", target),
                                              ("note", note), ("status", status))
              if value is not None}
    if not values:
        raise UsageError("say what to change: --source, --target, --note or --status")
    if values.get("note") == "":
        values["note"] = None  # type: ignore[assignment]
    with state(ctx).open() as store, progress_bar("editing"):
        change = store.edit_segment(segment_id, values, user=who(user),
                                    command="segments edit")
    changes = [change] if change else []
    if json_out:
        print_json({"changes": [c.as_dict() for c in changes]})
    else:
        _print_changes(changes)


@segments_app.command("set-status")
def set_status_cmd(ctx: typer.Context, ids: Annotated[list[str], typer.Argument(
                       help="Segment ids or ranges.")],
                   status: Annotated[str, typer.Argument(help=", ".join(SEGMENT_STATUSES))],
                   user: UserOption = None, json_out: JsonOption = False) -> None:
    """Give segments a status.

    Example: [bold]tm segments set-status 12 15-18 approved[/bold]
    """
    chosen = selection(ids)
    with state(ctx).open() as store, progress_bar("setting the status"):
        targets = [seg.id for seg in store.select_segments(chosen)]
        changes = store.set_segment_status(targets, status, user=who(user),  # type: ignore
                                           command="segments set-status")
    if json_out:
        print_json({"changes": [c.as_dict() for c in changes]})
    else:
        _print_changes(changes)


@segments_app.command("delete")
def delete_cmd(ctx: typer.Context, ids: IdsArgument = None, origin: OriginOption = None,
               status: StatusOption = None, since: SinceOption = None,
               contains: ContainsOption = None, src: SrcOption = None, tgt: TgtOption = None,
               everything: Annotated[bool, typer.Option(
                   "--all", help="Delete every segment (when no id or filter is given).")
                   ] = False,
               dry_run: DryRunOption = False, user: UserOption = None,
               json_out: JsonOption = False) -> None:
    """Delete segments by id or filter (refused without one, unless --all); each deleted
    segment is kept whole in the history.

    Example: [bold]tm segments delete --origin old.tmx --contains 旧口号 --dry-run[/bold]
    """
    chosen = selection(ids, origin, status, since, contains, src, tgt)
    with state(ctx).open() as store, progress_bar("deleting"):
        changes = store.delete_segments(chosen, user=who(user), command="segments delete",
                                        dry_run=dry_run, everything=everything)
    if json_out:
        print_json({"dry_run": dry_run, "deleted": len(changes),
                    "changes": [c.as_dict() for c in changes]})
    else:
        _print_changes(changes, dry_run=dry_run)


@segments_app.command("dedupe")
def dedupe_cmd(ctx: typer.Context, origin: OriginOption = None, src: SrcOption = None,
               tgt: TgtOption = None, dry_run: DryRunOption = False, user: UserOption = None,
               json_out: JsonOption = False) -> None:
    """Delete segments whose source and target equal another's in the same language pair,
    keeping the most approved, then the newest.

    Example: [bold]tm segments dedupe --dry-run[/bold]
    """
    chosen = selection(None, origin, src=src, tgt=tgt)
    with state(ctx).open() as store, progress_bar("finding duplicates"):
        groups = store.dedupe_segments(chosen, user=who(user), command="segments dedupe",
                                       dry_run=dry_run)
    deleted = sum(len(g.removed) for g in groups)
    if json_out:
        print_json({"dry_run": dry_run, "deleted": deleted,
                    "groups": [g.as_dict() for g in groups]})
        return
    for group in groups:
        out.print(f"keep #{group.kept.id}, delete "
                  + ", ".join(f"#{seg.id}" for seg in group.removed)
                  + f": {group.kept.source}  →  {group.kept.target}", markup=False)
    out.print(f"{counted(deleted, 'duplicate')} {'would be ' if dry_run else ''}deleted"
              + (" (dry run: nothing written)" if dry_run and deleted else ""))


@segments_app.command("history")
def history_cmd(ctx: typer.Context, ids: IdsArgument = None,
                json_out: JsonOption = False) -> None:
    """Show the recorded changes of segments (all, without ids): who, when, which command,
    the fields before and after.

    Example: [bold]tm segments history 12 --json[/bold]
    """
    ranges = parse_ids(ids)
    wanted = [i for first, last in ranges for i in range(first, last + 1)] if ranges else None
    with state(ctx).open() as store:
        entries = store.segment_history(wanted)
    if json_out:
        print_json({"entries": [e.as_dict() for e in entries]})
        return
    for entry in entries:
        change = entry.change
        if change.after is None or "duplicate_of" in change.after:  # deleted: what it held
            held = change.before or {}
            what = f"{held.get('source')!r} → {held.get('target')!r}"
        else:
            what = f"{change.before} → {change.after}"
        out.print(f"{entry.at} {entry.user} ({entry.command}) #{change.segment_id} "
                  f"{change.action}: {what}", markup=False)
    if not entries:
        out.print("no recorded changes")

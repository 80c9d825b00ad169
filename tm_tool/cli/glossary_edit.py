"""Commands that change the stored glossary: import, add, set-status, remove, rename. Each
change is validated, written with its history, and reported (:func:`commit`)."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from .. import glossary_changes as edits
from .. import langtags, transfer
from ..errors import InputError
from ..formats import ReadOptions
from ..glossary_changes import Change
from ..model import TERM_STATUSES, Concept
from ..store import glossary as glossary_store
from .app import JsonOption, counted, err, glossary_app, out, print_json, state, warn

UserOption = Annotated[str | None, typer.Option(
    "--user", help="Who makes the change, for the history (else $TM_USER, else the login).")]
ForceOption = Annotated[bool, typer.Option(
    "--force", help="Make the change even if it leaves the glossary invalid.")]


def _user(given: str | None) -> str:
    if given:
        return given
    try:
        return os.environ.get("TM_USER") or getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "unknown"


def commit(ctx: typer.Context, command: str, edit: Callable[[list[Concept]], list[Concept]],
            *, user: str | None, force: bool, json_out: bool, dry_run: bool = False,
            problems: list | None = None, places: dict[str, str] | None = None,
            create: bool = False) -> list[Change]:
    """Run one change of the stored glossary: edit, validate, write with history, report."""
    with state(ctx).open(create=create) as store:
        before = store.concepts()
        try:
            changes = glossary_store.apply(store, command, before, edit(before),
                                           user=_user(user), force=force, dry_run=dry_run,
                                           problems=problems, places=places)
        except glossary_store.GlossaryRefused as exc:
            for line in exc.lines():
                err.print(f"tm: error: {line}", soft_wrap=True, markup=False)
            raise typer.Exit(2) from None
    if json_out:
        print_json({"dry_run": dry_run, "changes": [c.as_dict() for c in changes]})
    else:
        for change in changes:
            out.print(f"{change.key}: {'; '.join(change.details())}", markup=False)
        if not changes:
            out.print("nothing changed")
        elif dry_run:
            out.print("(dry run: nothing written)")
    return changes


@glossary_app.command("import")
def import_cmd(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="TBX, TSV or CSV glossary files.")],
    fmt: Annotated[str | None, typer.Option("--format", help="tbx, tsv or csv.")] = None,
    replace: Annotated[bool, typer.Option(
        help="The files are the whole glossary: delete concepts and terms they lack "
        "(each is reported).")] = False,
    dry_run: Annotated[bool, typer.Option(help="Report what would change; write "
                                          "nothing.")] = False,
    src: Annotated[str | None, typer.Option(help="Source language (default zh).")] = None,
    tgt: Annotated[str | None, typer.Option(help="Target language (default en).")] = None,
    force: ForceOption = False,
    user: UserOption = None,
    json_out: JsonOption = False,
) -> None:
    """Import glossary files (merged with the stored glossary, in one transaction), after
    the checks of [bold]tm glossary validate[/bold]: an invalid glossary is refused, each
    problem named by file and line (exit 2), unless --force. Each change is reported and
    recorded ([bold]tm glossary history[/bold]).

    Example: [bold]tm glossary import --replace --dry-run glossary/*.tsv[/bold]
    """
    options = ReadOptions(src=langtags.check_known(src) if src else None,
                          tgt=langtags.check_known(tgt) if tgt else None, warn=warn)
    incoming, problems, places = [], [], {}
    for path in files:
        concepts = transfer.read_glossary(path, fmt=fmt, options=options)
        if not concepts:
            raise InputError("no glossary entries in the file"
                             + ("; --replace would delete the whole glossary" if replace
                                else ""), path=path)
        for concept in concepts:
            places.setdefault(concept.key, f"{path}:{concept.line}" if concept.line
                              else str(path))
        problems += [(f"{path}:{p.line}" if p.line else str(path), p)
                     for p in edits.validate(concepts) if p.severity == "error"]
        incoming += concepts
    changes = commit(ctx, "import", lambda before: edits.merge(before, incoming,
                                                                replace=replace),
                      user=user, force=force, json_out=json_out, dry_run=dry_run,
                      problems=problems, places=places, create=not dry_run)
    if not json_out:
        removed = sum(1 for c in changes if c.after is None)
        added = sum(1 for c in changes if c.before is None)
        out.print(f"{counted(len(incoming), 'concept')} read: {added} added, "
                  f"{len(changes) - added - removed} changed, {removed} removed")


@glossary_app.command("add")
def add_cmd(
    ctx: typer.Context,
    concept: Annotated[str, typer.Argument(help="Concept id (new or existing).")],
    zh: Annotated[list[str] | None, typer.Option("--zh", help="Chinese term (repeatable).")
                  ] = None,
    en: Annotated[list[str] | None, typer.Option("--en", help="English rendering "
                                                 "(repeatable).")] = None,
    status: Annotated[str, typer.Option(help=f"Status of the --en renderings "
                                        f"({', '.join(TERM_STATUSES)}).")] = "preferred",
    note: Annotated[str | None, typer.Option(help="Note (and source) of the renderings.")
                    ] = None,
    pos: Annotated[str | None, typer.Option(help="Part of speech.")] = None,
    case_sensitive: Annotated[bool | None, typer.Option(
        "--case-sensitive/--case-insensitive",
        help="Whether capitals must be kept (default: decided from the capitals).")] = None,
    force: ForceOption = False,
    user: UserOption = None,
    json_out: JsonOption = False,
) -> None:
    """Add a concept, or terms to one; a term it has already takes the new status.

    Example: [bold]tm glossary add two-establishments --zh 两个确立 --en 'Two Establishments'
    --status preferred --case-sensitive --note 'official [Xinhua]'[/bold]
    """
    if not zh and not en:
        raise typer.BadParameter("give --zh and/or --en", param_hint="--zh/--en")

    def edit(before: list[Concept]) -> list[Concept]:
        return edits.add_renderings(before, concept, zh or [], en or [], status=status,
                                    note=note, pos=pos, case_sensitive=case_sensitive)

    commit(ctx, "add", edit, user=user, force=force, json_out=json_out)


@glossary_app.command("set-status")
def set_status_cmd(
    ctx: typer.Context,
    concept: Annotated[str, typer.Argument(help="Concept id.")],
    term: Annotated[str, typer.Argument(help="One of its terms, as stored.")],
    status: Annotated[str, typer.Argument(help=", ".join(TERM_STATUSES))],
    force: ForceOption = False,
    user: UserOption = None,
    json_out: JsonOption = False,
) -> None:
    """Change the status of a term.

    Example: [bold]tm glossary set-status two-establishments 'Two Affirmations'
    deprecated[/bold]
    """
    commit(ctx, "set-status", lambda before: edits.set_status(before, concept, term, status),
            user=user, force=force, json_out=json_out)


@glossary_app.command("remove")
def remove_cmd(
    ctx: typer.Context,
    concept: Annotated[str, typer.Argument(help="Concept id.")],
    term: Annotated[str | None, typer.Argument(help="Only this term of it.")] = None,
    force: ForceOption = False,
    user: UserOption = None,
    json_out: JsonOption = False,
) -> None:
    """Remove a concept, or one of its terms.

    Example: [bold]tm glossary remove two-establishments 'Two Affirmations'[/bold]
    """
    commit(ctx, "remove", lambda before: edits.remove(before, concept, term),
            user=user, force=force, json_out=json_out)


@glossary_app.command("rename")
def rename_cmd(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="Concept id now.")],
    new: Annotated[str, typer.Argument(help="New concept id.")],
    force: ForceOption = False,
    user: UserOption = None,
    json_out: JsonOption = False,
) -> None:
    """Give a concept a new id (its history follows it).

    Example: [bold]tm glossary rename two-establishments two-establishes[/bold]
    """
    commit(ctx, "rename", lambda before: edits.rename(before, old, new),
            user=user, force=force, json_out=json_out)

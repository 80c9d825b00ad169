"""Commands for translators: lookup, concordance, term."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import InputError, UsageError
from ..lookup import Lookup, Match, SearchOptions
from ..model import SEGMENT_STATUSES
from ..store.segments import SegmentFilter
from .app import JsonOption, app, counted, note, out, print_json, state

if TYPE_CHECKING:
    from rich.text import Text


# (rich is imported by the text output only: --json never needs it, issue #21)
def escape(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def _stdin_queries() -> Iterator[str]:
    """One query per line of stdin, as the lines arrive (a CAT tool can keep the pipe open and
    read each answer). Bytes that are not UTF-8 stop with the line number; a byte-order mark
    (Windows editors write one) is not part of the first query."""
    for number, raw in enumerate(sys.stdin.buffer, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
                             "; convert it, e.g. iconv -f GBK -t UTF-8", path="stdin",
                             line=number) from None
        line = line.removeprefix("\ufeff") if number == 1 else line
        if line.strip():
            yield line.strip()


def _queries(text: str | None) -> Iterable[str]:
    if text is None or text == "-":
        return _stdin_queries()
    if not text.strip():
        raise UsageError("the query is empty")
    return [text]


def _diff_text(match: Match) -> Text:
    """The match's source with what differs from the query marked, as CAT tools do: struck
    and underlined in colour, wdiff's [-deleted-]{+inserted+} where styles do not show."""
    from rich.text import Text

    if not match.diff:
        return Text(match.source)
    if out.color_system is None:  # a pipe, a file, TERM=dumb
        from ..lookup.diff import plain

        return Text(plain(match.diff))
    shown = Text()
    for op in match.diff:
        if op["op"] in ("equal",):
            shown.append(op["match"])
        if op["op"] in ("delete", "replace"):
            shown.append(op["match"], style="red strike")
        if op["op"] in ("insert", "replace"):
            shown.append(op["query"], style="green underline")
    return shown


OriginOption = Annotated[str | None, typer.Option(
    help="Only segments of this document (its name as `tm stats` lists it).")]
StatusOption = Annotated[str | None, typer.Option(
    help=f"Only segments with this status ({', '.join(SEGMENT_STATUSES)}).")]


def _segment_filter(origin: str | None, status: str | None) -> SegmentFilter | None:
    if status is not None and status not in SEGMENT_STATUSES:
        raise UsageError(f"--status {status!r}: use one of {', '.join(SEGMENT_STATUSES)}")
    return SegmentFilter(origin=origin, status=status) if origin or status else None


@app.command("lookup")
def lookup_cmd(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(
        help="Sentence to look up (zh or en); omit or '-' to read one query per line "
        "from stdin. Several sentences are also matched one by one.")] = None,
    min_score: Annotated[int, typer.Option(min=1, max=100, help="Lowest fuzzy score.")] = 70,
    limit: Annotated[int, typer.Option(min=1, help="Most matches per query.")] = 5,
    origin: OriginOption = None,
    status: StatusOption = None,
    json_out: JsonOption = False,
) -> None:
    """TM matches (exact first, then fuzzy, best first) and the glossary terms in a sentence.

    Score: 100 identical; 99 differs only in spaces, width or punctuation; else
    100 × (1 − edit distance / longer length), over characters for Chinese, words for English.
    Equal scores: approved, reviewed, translated, then fuzzy, draft, new; then the newest.
    Identical segments are shown once (×N). A match whose target uses a deprecated rendering
    of a glossary term of its source, or none of its renderings, ranks below clean matches up
    to 5 points lower, and is marked. A query of several sentences is also matched sentence
    by sentence.

    Example: [bold]tm lookup '坚决做到“两个维护”' --status approved[/bold]
    """
    queries = _queries(text)
    json_lines = text in (None, "-")
    where = _segment_filter(origin, status)
    with state(ctx).open() as store:
        lookup = Lookup(store)
        for query in queries:
            answer = lookup.answer(query, min_score=min_score, limit=limit, where=where)
            if json_out:
                print_json(answer, lines=json_lines)
            else:
                _print_answer(answer, min_score)


def _print_answer(answer: dict, min_score: int) -> None:
    out.print(f"[bold]{escape(answer['query'])}[/bold]  ({answer['lang']})")
    if not answer["matches"] and not answer["sentences"]:
        note(f"no TM match at or above {min_score} for {answer['query']}")
    # (a query of several sentences: its terms are shown with each sentence)
    _print_matches(answer, indent="  ", terms=not answer["sentences"])
    for number, sentence in enumerate(answer["sentences"], 1):
        out.print(f"  [bold]{number}/{len(answer['sentences'])}[/bold] "
                  f"{escape(sentence['sentence'])}")
        if not sentence["matches"]:
            out.print("      [dim](no TM match)[/dim]")
        _print_matches(sentence, indent="      ")


def _print_matches(answer: dict, indent: str, *, terms: bool = True) -> None:
    from rich.text import Text

    pad = indent + " " * 7
    for data in answer["matches"]:
        m = _match_of(data)
        colour = "green" if m.score == 100 else "yellow" if m.score >= 90 else "white"
        line = Text(f"{indent}{m.score:>3}  ", style=f"bold {colour}")
        line.append(_diff_text(m))
        if data["duplicates"]:
            line.append(f"  ×{data['duplicates'] + 1}", style="dim")
        out.print(line)
        out.print(f"{pad}→ {escape(m.target)}", style="cyan")
        out.print(f"{pad}[dim]{escape(m.origin or '')}"
                  f"{'#' + str(m.position) if m.position else ''} · {m.status}[/dim]")
        for issue in data["term_issues"]:
            out.print(f"{pad}[red]✗ term {escape(issue['concept'])}: "
                      f"{_issue_text(issue)}[/red]")
    for h in answer["terms"] if terms else []:
        extra = ""
        if h["admitted"]:
            extra += f"  also: {escape(', '.join(h['admitted']))}"
        if h["deprecated"]:
            extra += f"  [red]not: {escape(', '.join(h['deprecated']))}[/red]"
        out.print(f"{indent}[magenta]term[/magenta] {escape(h['term'])} → "
                  f"[bold]{escape(h['preferred'] or '')}[/bold]{status_mark(h)}{extra}")


def _issue_text(issue: dict) -> str:
    use = escape(issue["preferred"])
    if issue["problem"] == "deprecated":
        return f'deprecated "{escape(issue["found"])}", use "{use}"'
    return f'{escape(issue["found"])} not rendered, use "{use}"'


def _match_of(data: dict) -> Match:
    """A Match again from its --json form (the text output prints what --json says)."""
    return Match(data["score"], data["source"], data["target"], data["source_lang"],
                 data["target_lang"], data["origin"], data["position"], data["segment_id"],
                 data["status"], data["changed_at"], data["diff"])


def status_mark(hit: dict) -> str:
    """'  ✗ deprecated, use X' / '  ✗ wrong capitalisation, use "X"' for a term found in a
    form the glossary rejects; '' for an accepted one."""
    use = escape(hit["use"] or "")
    if hit["status"] == "deprecated":
        return f"  [red]✗ deprecated{', use ' + use if use else ''}[/red]"
    if hit["status"] == "wrong-case":
        return f'  [red]✗ wrong capitalisation, use "{use}"[/red]'
    return ""


@app.command("concordance")
def concordance_cmd(
    ctx: typer.Context,
    phrase: Annotated[str, typer.Argument(help="Word or phrase (1 Chinese character is fine).")],
    side: Annotated[str, typer.Option(help="source, target or both.")] = "both",
    limit: Annotated[int, typer.Option(min=1, help="Most hits to show.")] = 20,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many hits (paging).")] = 0,
    substring: Annotated[bool, typer.Option(
        "--substring", help="Match inside English words too (develop finds development; "
        "reads every segment unless the phrase has Chinese in it).")] = False,
    regex: Annotated[bool, typer.Option(
        "--regex", help="PHRASE is a Python regular expression (matched on the stored "
        "text; its literal Chinese, if any, picks the candidates from the index).")] = False,
    case_sensitive: Annotated[bool, typer.Option(
        "--case-sensitive", help="Capitals as written (default: any).")] = False,
    origin: OriginOption = None,
    status: StatusOption = None,
    json_out: JsonOption = False,
) -> None:
    """Every segment whose source or target contains a phrase, with the total count.
    English matches whole words unless --substring; --regex and --case-sensitive search
    the stored text as written (no width or Traditional folding).

    Example: [bold]tm concordance 两个 --side source[/bold]   [bold]tm concordance develop
    --substring --status approved[/bold]   [bold]tm concordance '两个(维护|确立)' --regex[/bold]
    """
    if side not in ("source", "target", "both"):
        raise typer.BadParameter("use source, target or both", param_hint="--side")
    if not phrase.strip():
        raise UsageError("the phrase is empty")
    options = SearchOptions(substring=substring, regex=regex, case_sensitive=case_sensitive,
                            where=_segment_filter(origin, status))
    with state(ctx).open() as store:
        result = Lookup(store).concordance(phrase, side=side, limit=limit, offset=offset,
                                           options=options)
    if json_out:
        print_json(result.as_dict())
        return
    if not result.total:
        note(f"no segment contains {phrase}")
        return
    from rich.text import Text

    out.print(f"[bold]{escape(phrase)}[/bold]: {counted(result.total, 'segment')}")
    for hit in result.hits:
        seg = hit.segment
        found = seg.source if hit.side == "source" else seg.target
        other = seg.target if hit.side == "source" else seg.source
        shown = Text(f"  #{seg.id} ", style="dim")
        last = 0
        for start, end in hit.spans:
            shown.append(found[last:start])
            shown.append(found[start:end], style="bold reverse")
            last = end
        shown.append(found[last:])
        out.print(shown)
        out.print(f"      → {escape(other)}", style="cyan")
    if result.total > offset + len(result.hits):
        out.print(f"  … {result.total - offset - len(result.hits)} more (--offset/--limit)")


@app.command("term")
def term_cmd(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="A term in Chinese (Simplified or Traditional) "
                                         "or English, or a part of one.")],
    min_score: Annotated[int | None, typer.Option(
        min=1, max=100, help="Lowest score of any match (exact 100; prefix and part: the "
        "share of the term the query covers; fuzzy: similarity). Default: fuzzy from 70, "
        "every prefix and part match.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most entries.")] = 10,
    json_out: JsonOption = False,
) -> None:
    """Glossary lookup in both directions: exact, prefix, part (湾区 finds 粤港澳大湾区) and
    fuzzy. A deprecated or wrongly capitalised term is marked, with the rendering to use
    (``status`` and ``use`` in --json).

    Example: [bold]tm term 兩個確立[/bold]   [bold]tm term 'Two Affirmations'[/bold]
    """
    if not query.strip():
        raise UsageError("the term is empty")
    with state(ctx).open() as store:
        hits = Lookup(store).terms(query, min_score=min_score, limit=limit)
    if json_out:
        print_json({"query": query, "terms": [h.as_dict() for h in hits]})
        return
    if not hits:  # as lookup and concordance: no match is an answer, not a failure
        note(f"no glossary entry for {query}")
        return
    for hit in hits:
        data = hit.as_dict()
        out.print(f"[bold]{escape(data['matched'])}[/bold] ({hit.match} {hit.score}) → "
                  f"[green]{escape(data['preferred'] or '')}[/green]{status_mark(data)}")
        if data["admitted"]:
            out.print(f"    admitted: {escape(', '.join(data['admitted']))}")
        if data["deprecated"]:
            out.print(f"    [red]deprecated: {escape(', '.join(data['deprecated']))}[/red]")
        if data["note"]:
            out.print(f"    [dim]{escape(data['note'])}[/dim]")

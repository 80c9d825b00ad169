"""``tm serve``: the memory and glossary over HTTP (tm_tool/server)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .app import JsonOption, app, state


def _default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


@app.command("serve")
def serve_cmd(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every "
                                      "interface; the default is this machine only).")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free one, "
                                      "said on stderr).")] = 8765,
    workers: Annotated[int | None, typer.Option(min=1, max=64, help="Worker processes "
                                                "(default: one per core, at most 4).")] = None,
    threads: Annotated[int, typer.Option(min=1, max=64, help="Threads per worker.")] = 4,
    keep_alive: Annotated[int, typer.Option(min=0, max=3600, help="Seconds a client's "
                                            "connection stays open between its requests "
                                            "(0: one request per connection).")] = 5,
    token_file: Annotated[Path | None, typer.Option(
        help="Bearer tokens that may write (one 'TOKEN [USER]' a line); without it the "
        "server only reads.")] = None,
    access_log: Annotated[str | None, typer.Option(help="Access log file ('-': stdout; '': "
                                                   "none; default stdout, stderr with --json).")
                          ] = None,
    json_out: JsonOption = False,
) -> None:
    """Serve the memory over HTTP to CAT and localization tools: amaGama/tmserver (Weblate,
    Virtaal, Okapi), Apertium APy and LibreTranslate shapes (OmegaT, Weblate), the TMX for an
    OmegaT team project (/tmx/memory.tmx, with ETags), and tm's own JSON API (/lookup,
    /concordance, /terms, /check, /segments, /glossary). Runs until SIGTERM or Ctrl-C.

    --json prints one line when the server is ready: its url, database, workers, threads.

    Example: [bold]tm --db tm.db serve --port 8765 --token-file tokens.txt[/bold]
    """
    from ..server.auth import read_tokens  # (gunicorn only for this command)
    from ..server.run import ServeOptions, serve

    db_path = state(ctx).db_path
    with state(ctx).open():  # a missing or broken database is one line now, not per request
        pass
    tokens = read_tokens(token_file) if token_file is not None else None
    if port and port < 1024 and os.geteuid() != 0:
        raise UsageError(f"--port {port}: ports below 1024 need root; use e.g. 8765")
    # (a PostgreSQL address is no file: resolving it would put the working folder before it)
    url = str(db_path).startswith(("postgresql:/", "postgres:/"))
    serve(ServeOptions(db_path=db_path if url else db_path.resolve(), host=host, port=port,
                       workers=workers or _default_workers(), threads=threads, tokens=tokens,
                       keep_alive=keep_alive,
                       access_log=access_log if access_log is not None
                       else "/dev/stderr" if json_out else "-", json_ready=json_out))

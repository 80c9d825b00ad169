"""Running the application on gunicorn: pre-forked worker processes, each with threads.

Why gunicorn (``gthread`` workers): a lookup is CPU work in Python, so on a 2-core machine
only processes run two at once (threads share one interpreter lock); threads within a worker
keep slow clients (a TMX download) from blocking the others. gunicorn also gives what a
service needs and tm_tool should not write itself: a hardened HTTP parser, an access log,
graceful shutdown on SIGTERM (requests in flight finish, up to ``graceful_timeout``), and
workers restarted if one dies. Each worker builds its own application (no ``preload``), so
SQLite connections are opened after the fork, one per thread.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from gunicorn.app.base import BaseApplication

from .app import TmApp
from .context import LookupAnswer

ACCESS_FORMAT = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'


@dataclass
class ServeOptions:
    db_path: Path
    host: str = "127.0.0.1"
    port: int = 8765
    workers: int = 2
    threads: int = 4
    tokens: dict[str, str] | None = None
    access_log: str = "-"  # '-': stdout; '': none
    graceful_timeout: int = 10
    json_ready: bool = False  # say where it serves as one JSON line on stdout (--json)
    lookup_answer: LookupAnswer | None = None  # /lookup's answer (the CLI's --json builder)


class _Gunicorn(BaseApplication):
    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        opts = self.options
        host = f"[{opts.host}]" if ":" in opts.host else opts.host
        settings = {
            "bind": [f"{host}:{opts.port}"],
            "workers": opts.workers,
            "threads": opts.threads,
            "worker_class": "gthread",
            "accesslog": opts.access_log or None,
            "access_log_format": ACCESS_FORMAT,
            "errorlog": "-",
            "loglevel": "warning",
            "graceful_timeout": opts.graceful_timeout,
            "timeout": 300,  # a worker silent this long is restarted (a large TMX takes long)
            "keepalive": 5,
            "limit_request_line": 0,  # (gunicorn's own limit: 1 MB) long queries get JSON 413
            "when_ready": _say_ready,
            "proc_name": "tm serve",
            "control_socket_disable": True,  # no control socket in the user's home
        }
        for key, value in settings.items():
            if key in self.cfg.settings:  # (older gunicorn lacks some settings)
                self.cfg.set(key, value)

    def load(self) -> TmApp:
        return TmApp(self.options.db_path, self.options.tokens, self.options.lookup_answer)


def _say_ready(arbiter) -> None:  # (a gunicorn Arbiter)
    """One line on stderr once the socket is bound: where to point clients (with --port 0,
    the port the system chose)."""
    options: ServeOptions = arbiter.app.options
    for listener in arbiter.LISTENERS:
        host, port = listener.sock.getsockname()[:2]
        url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
        print(f"tm: serving {options.db_path} on {url} ({arbiter.num_workers} workers × "
              f"{arbiter.cfg.threads} threads); SIGTERM or Ctrl-C stops", file=sys.stderr,
              flush=True)
        if options.json_ready:
            print(json.dumps({"url": url, "database": str(options.db_path),
                              "workers": arbiter.num_workers, "threads": arbiter.cfg.threads}),
                  flush=True)


def serve(options: ServeOptions) -> None:
    """Serve until SIGTERM/SIGINT (gunicorn's arbiter exits the process when it stops)."""
    _Gunicorn(options).run()

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

import gc
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from gunicorn import util as gunicorn_util
from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

from .app import TmApp
from .http import JSON_TYPE

ACCESS_FORMAT = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'


@dataclass
class ServeOptions:
    db_path: Path
    host: str = "127.0.0.1"
    port: int = 8765
    workers: int = 2
    threads: int = 4
    keep_alive: int = 5  # seconds a client's connection is kept open between requests
    tokens: dict[str, str] | None = None
    access_log: str = "-"  # '-': stdout; '': none
    graceful_timeout: int = 10
    json_ready: bool = False  # say where it serves as one JSON line on stdout (--json)


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
            "worker_class": "tm_tool.server.run.JsonErrorWorker",
            "accesslog": opts.access_log or None,
            "access_log_format": ACCESS_FORMAT,
            "errorlog": "-",
            "loglevel": "warning",
            "graceful_timeout": opts.graceful_timeout,
            "timeout": 300,  # a worker silent this long is restarted (a large TMX takes long)
            "keepalive": opts.keep_alive,
            "limit_request_line": 0,  # no 8 KB cap: a long query gets the app's JSON 413
            "when_ready": _say_ready,
            "post_worker_init": _tune_worker,
            "proc_name": "tm serve",
            "control_socket_disable": True,  # no control socket in the user's home
        }
        for key, value in settings.items():
            if key in self.cfg.settings:  # (older gunicorn lacks some settings)
                self.cfg.set(key, value)

    def load(self) -> TmApp:
        return TmApp(self.options.db_path, self.options.tokens)


def _write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own answers to what it cannot parse (a request line over its 1 MB limit:
    414, a malformed request line or header: 400, too many headers: 431), as the JSON error
    every other answer of the server has, so that a client parses one shape."""
    body = json.dumps({"error": mesg or reason, "status": status_int},
                      ensure_ascii=False).encode("utf-8")
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            f"Content-Type: {JSON_TYPE}\r\nContent-Length: {len(body)}\r\n\r\n")
    gunicorn_util.write_nonblock(sock, head.encode("latin-1") + body)


class JsonErrorWorker(ThreadWorker):
    """gunicorn's threaded worker, with its error bodies in JSON. gunicorn has no hook for
    them: its worker calls ``gunicorn.util.write_error``, so the worker process (and only it:
    this runs after the fork) points that name at the JSON writer."""

    def init_process(self) -> None:
        gunicorn_util.write_error = _write_json_error
        super().init_process()


def _tune_worker(worker) -> None:
    """Once a worker has loaded the application:

    - its objects (modules, the application) are kept out of the cyclic garbage collector,
      which walks every tracked object in a full collection: 72 ms in a worker at 1M
      segments, one answer delayed by that much (``gc.callbacks``; frozen, 2 ms at most);
    - its threads take turns with the interpreter lock every 0.5 ms, not every 5: a 2 ms
      concordance that meets a 20 ms fuzzy lookup in the same worker waits less for the
      lock (8 clients paced, 1M: concordance p95 5–15 % lower in 4 of 4 interleaved rounds,
      term p95 in 4 of 4, lookup in 3 of 4; bench/results/2026-12-03-serve-1000000.md)."""
    gc.freeze()
    sys.setswitchinterval(0.0005)


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

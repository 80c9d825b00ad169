"""What every forked worker process (import pipeline, parallel checks) does first.

A worker must never outlive the ``tm`` that started it: killed parents (SIGKILL, SIGTERM)
otherwise left workers blocked on a pipe forever, holding the database and the parent's
stdout/stderr. And Ctrl-C is the parent's to report: a worker ignores SIGINT (the parent
stops it), so it prints no traceback of its own.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def worker_init(parent: int) -> None:
    """ProcessPoolExecutor ``initializer``: ``parent`` is the starting process's pid."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

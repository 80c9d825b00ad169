"""Reading and writing files safely.

Reads give one clear error naming the file (and line) for a missing, unreadable or mis-encoded
file. Writes go to a temporary file in the same folder, renamed into place only when complete,
so an interrupted export never leaves a half-written file behind.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import InputError

BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


@contextlib.contextmanager
def reading(path: str | Path) -> Iterator[None]:
    """Turn the OS's errors about a file into one clear InputError naming it."""
    try:
        yield
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from None


def read_bytes(path: str | Path) -> bytes:
    if str(path) == "-":
        return sys.stdin.buffer.read()
    with reading(path):
        return Path(path).read_bytes()


def read_head(path: str | Path, size: int = 4096) -> bytes:
    with reading(path), open(path, "rb") as handle:
        return handle.read(size)


def decode(data: bytes, path: str | Path, encoding: str | None = None) -> str:
    """Decode with a BOM if there is one, else ``encoding`` (default UTF-8).

    A decoding error names the line and column of the first bad byte.
    """
    for bom, enc in BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom):], enc
            break
    encoding = encoding or "utf-8"
    try:
        return data.decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=path) from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"not valid {encoding} text (byte 0x{data[exc.start]:02x} at column {col}); "
            "convert the file to UTF-8 or declare its encoding",
            path=path,
            line=line,
        ) from None


def read_text(path: str | Path, encoding: str | None = None) -> str:
    return decode(read_bytes(path), path, encoding)


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it onto ``path`` when the block succeeds.

    ``path`` '-' writes to stdout directly.
    """
    if str(path) == "-":
        stream = sys.stdout.buffer if "b" in mode else sys.stdout
        yield stream
        stream.flush()
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("folder does not exist", path=folder)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an export is an ordinary file
    try:
        kwargs = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise

"""Reading and writing files safely.

Reads give one clear error naming the file (and line) for a missing, unreadable or mis-encoded
file. Writes go to a temporary file in the same folder, renamed into place only when complete,
so an interrupted export never leaves a half-written file behind (and never replaces what is
not a regular file: devices, FIFOs and pipes are written through).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import glob
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, NamedTuple

from .errors import InputError, TmError

# Byte-order marks, longest first (a UTF-32LE BOM begins with the UTF-16LE one).
BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# The codec that reads a file from its first byte and drops the BOM itself (for text streams).
_BOM_EATING = {"utf-8": "utf-8-sig", "utf-16-le": "utf-16", "utf-16-be": "utf-16",
               "utf-32-le": "utf-32", "utf-32-be": "utf-32"}
_XML_DECLARATION = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


class Encoding(NamedTuple):
    """How to decode a file: the codec, the length of the BOM to skip, and what said so
    ('bom', 'option', 'pattern', 'declaration' or 'default')."""

    name: str
    bom: int
    origin: str

    @property
    def stream_codec(self) -> str:
        """The codec for reading the file from its first byte (it drops the BOM itself)."""
        return _BOM_EATING.get(self.name, self.name) if self.bom else self.name

    @property
    def is_utf8(self) -> bool:
        return self.name.lower().replace("_", "-") in ("utf-8", "utf8")


def _nul_pattern(head: bytes) -> str | None:
    """UTF-32 or UTF-16 without a BOM, told by the NUL bytes around a first ASCII character
    (the XML spec's appendix F rule; OmegaT writes UTF-16LE glossaries without a BOM)."""
    if len(head) >= 4 and head[0] and head[1:4] == b"\x00\x00\x00":
        return "utf-32-le"
    if len(head) >= 4 and head[:3] == b"\x00\x00\x00" and head[3]:
        return "utf-32-be"
    if len(head) >= 2 and head[0] and not head[1]:
        return "utf-16-le"
    if len(head) >= 2 and not head[0] and head[1]:
        return "utf-16-be"
    return None


def utf8_blocks(handle: IO[bytes], first: bytes, encoding: Encoding, size: int = 1 << 20
                ) -> Iterator[bytes]:
    """A file's bytes as UTF-8 blocks, BOM removed, transcoded when it is in another encoding
    (``first``: the block already read). An unknown encoding is an InputError."""
    data = first[encoding.bom:]
    if encoding.is_utf8:
        while data:
            yield data
            data = handle.read(size)
        return
    try:
        decoder = codecs.getincrementaldecoder(encoding.name)()
    except LookupError:
        where = " in the XML declaration" if encoding.origin == "declaration" else ""
        raise InputError(f"unknown encoding {encoding.name!r}{where}") from None
    while True:
        text = decoder.decode(data, final=not data)
        if text:
            yield text.encode("utf-8")
        if not data:
            return
        data = handle.read(size)


class Utf8Stream:
    """A binary file object over :func:`utf8_blocks`, for parsers that read files (lxml)."""

    def __init__(self, blocks: Iterator[bytes]) -> None:
        self._blocks = blocks
        self._pending = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._pending) < size:
            block = next(self._blocks, None)
            if block is None:
                break
            self._pending += block
        if size < 0:
            size = len(self._pending)
        data, self._pending = self._pending[:size], self._pending[size:]
        return data


def xml_declared_encoding(head: bytes) -> str | None:
    """The encoding an (8-bit) XML declaration names, lower-cased, or None."""
    match = _XML_DECLARATION.match(head)
    return match.group(1).decode("ascii").lower() if match else None


def sniff_encoding(head: bytes, *, override: str | None = None,
                   declared: str | None = None) -> Encoding:
    """The one rule for a file's encoding, from its first four bytes: a BOM, else the NUL
    pattern of BOM-less UTF-16/32 (both are certain: no 8-bit encoding has NULs around an
    ASCII character), else ``override`` (--encoding), else what the file itself ``declared``
    (an XML declaration, a PO charset), else UTF-8."""
    for bom, name in BOMS:
        if head.startswith(bom):
            return Encoding(name, len(bom), "bom")
    pattern = _nul_pattern(head)
    if pattern:
        return Encoding(pattern, 0, "pattern")
    if override:
        return Encoding(override, 0, "option")
    if declared:
        return Encoding(declared, 0, "declaration")
    return Encoding("utf-8", 0, "default")


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
    """Decode by :func:`sniff_encoding` (``encoding`` as the override).

    A decoding error names the line and column of the first bad byte.
    """
    found = sniff_encoding(data[:4], override=encoding)
    return decode_as(data[found.bom:], path, found.name)


def decode_as(data: bytes, path: str | Path, encoding: str) -> str:
    """Decode with ``encoding``; a decoding error names the line and column of the first
    bad byte."""
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


STALE_AFTER = 3600  # seconds after which a temp file beside a target is a killed write's


def os_fault(exc: OSError, path: str | Path | None = None) -> TmError | None:
    """The one-line error for an OS fault while writing (disk full, file too large, read-only,
    no permission, missing folder), or None for anything else."""
    messages = {errno.ENOSPC: "disk full; nothing was written",
                errno.EDQUOT: "disk quota exceeded; nothing was written",
                errno.EFBIG: "file too large (file size limit); nothing was written",
                errno.EROFS: "read-only file system; nothing was written",
                errno.EACCES: "permission denied; nothing was written",
                errno.EPERM: "not permitted (immutable file?); nothing was written",
                errno.ENOENT: "folder does not exist"}
    message = messages.get(exc.errno or 0)
    if message is None:
        return None
    return TmError(message, path=path if path is not None else exc.filename)


def check_folder(path: str | Path) -> None:
    """Refuse, in one line, an output whose folder does not exist."""
    if str(path) == "-":
        return
    folder = Path(os.path.realpath(path)).parent
    if not folder.is_dir():
        raise InputError("folder does not exist", path=Path(path).parent)


def scratch_folder(path: str | Path) -> Path:
    """Where a writer may keep a temp file while it writes ``path``: beside the file it will
    replace (the rename stays on one file system), or the temp folder for stdout, devices and
    pipes. Refuses a missing folder in one line."""
    try:
        if str(path) == "-" or not stat.S_ISREG(os.stat(path).st_mode):
            return Path(tempfile.gettempdir())
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise (os_fault(exc, path) or exc) from None
    check_folder(path)
    return Path(os.path.realpath(path)).parent


def _remove_stale(folder: Path, name: str) -> None:
    """Temp files an earlier write to the same target left when it was killed (SIGKILL)."""
    now = time.time()
    for old in folder.glob(f".{glob.escape(name)}.*.part"):
        with contextlib.suppress(OSError):
            if now - old.stat().st_mtime > STALE_AFTER:
                old.unlink()


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it onto ``path`` when the block succeeds.

    ``path`` '-' writes to stdout directly. A target that exists and is not a regular file
    (a device such as /dev/null, a FIFO, /dev/fd/N of a process substitution) is written
    through, never replaced; a symlink's target is the file replaced. OS faults (disk full,
    read-only …) are one line.
    """
    kwargs = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
    if str(path) == "-":
        stream = sys.stdout.buffer if "b" in mode else sys.stdout
        yield stream
        stream.flush()
        return
    try:
        special = not stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        special = False
    except OSError as exc:
        raise (os_fault(exc, path) or exc) from None
    if special:
        try:
            with open(path, mode, **kwargs) as through:
                yield through
        except OSError as exc:
            raise (os_fault(exc, path) or exc) from None
        return
    try:
        check_folder(path)
        target = Path(os.path.realpath(path))  # (a symlink stays: its file is replaced)
        _remove_stale(target.parent, target.name)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise (os_fault(exc, path) or exc) from None
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an export is an ordinary file
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and (fault := os_fault(exc, path)):
            raise fault from None
        raise

"""OmegaT's ``http`` team repository: ``GET /tmx/{name}.tmx`` with a strong ETag, 304 when
``If-None-Match`` names it (OmegaT keeps the ETags it saw in ``.etags``).

``name`` is ``memory`` (every segment) or a document's origin as ``tm stats`` lists it. The
TMX is written by the library's writer (formats/tmx.py) into a cache folder, once for each
state of the selection, and sent from that file: a strong ETag promises the same bytes, and the
writer stamps the time it ran into the header, so the bytes are fixed by writing them once. The
state is the selection's segment count, its highest id and the highest id of the segment
history (an edit or a delete adds one); a lock file keeps two workers from writing the same
state twice.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..formats import WriteOptions
from ..formats.tmx import TmxFormat
from .context import StoreContext
from .http import HttpError, Request, Response

WHOLE_MEMORY = "memory"
_CHUNK = 1 << 16


def cache_folder(db_path: Path) -> Path:
    """One folder per database, in the temporary folder (the database's own folder may not
    be writable, and the files are a cache)."""
    key = hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"tm-serve-{key}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _state(ctx: StoreContext, origin: str | None) -> str:
    conn = ctx.store.conn
    count = ctx.store.count_segments(origin=origin)
    top = conn.execute("SELECT max(id) FROM segments").fetchone()[0]
    history = conn.execute("SELECT max(id) FROM segment_history").fetchone()[0]
    return hashlib.sha256(repr((origin, count, top, history)).encode()).hexdigest()[:24]


def _build(ctx: StoreContext, origin: str | None, target: Path, etag_path: Path) -> None:
    """Write the TMX of the selection to ``target`` and its ETag (a hash of its bytes) beside
    it; the ETag file is renamed into place last, so it exists only for a complete TMX."""
    store = ctx.store
    pairs = ctx.language_pairs
    src, tgt = (pairs[0]["source"], pairs[0]["target"]) if pairs else ("zh-CN", "en")
    partial = target.with_suffix(".part.tmx")
    TmxFormat().write(store.iter_segments(origin=origin, src=src, tgt=tgt), partial,
                      WriteOptions(src_lang=src, tgt_lang=tgt))
    digest = hashlib.sha256()
    with open(partial, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    os.replace(partial, target)
    etag_partial = etag_path.with_suffix(".part")
    etag_partial.write_text(f'"{digest.hexdigest()[:32]}"', encoding="ascii")
    os.replace(etag_partial, etag_path)


def _cached(ctx: StoreContext, origin: str | None) -> tuple[Path, str]:
    folder = cache_folder(ctx.db_path)
    state = _state(ctx, origin)
    target, etag_path = folder / f"{state}.tmx", folder / f"{state}.etag"
    if not etag_path.exists():
        with open(folder / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # (another worker may be writing it)
            if not etag_path.exists():
                _build(ctx, origin, target, etag_path)
                _forget_others(folder, keep=state)
    return target, etag_path.read_text(encoding="ascii")


def _forget_others(folder: Path, keep: str) -> None:
    """Remove the files of older states (a client holding one open still reads it)."""
    for path in folder.iterdir():
        if path.suffix in (".tmx", ".etag") and not path.name.startswith(keep):
            path.unlink(missing_ok=True)


def tmx(ctx: StoreContext, request: Request, name: str) -> Response:
    if not name.endswith(".tmx") or name == ".tmx":
        raise HttpError(404, "ask for /tmx/NAME.tmx (NAME: memory, or a document's origin)")
    stem = name.removesuffix(".tmx")
    origin = None if stem == WHOLE_MEMORY else stem
    if origin is not None and not ctx.store.count_segments(origin=origin):
        raise HttpError(404, f"no document {origin!r} in the memory (see /stats; "
                        f"{WHOLE_MEMORY}.tmx is all of it)")
    path, etag = _cached(ctx, origin)
    headers = [("ETag", etag), ("Cache-Control", "no-cache")]
    wanted = request.header("If-None-Match") or ""
    if etag in (tag.strip().removeprefix("W/") for tag in wanted.split(",")) or wanted == "*":
        return Response(304, [], headers)
    handle = open(path, "rb")  # noqa: SIM115 (closed by the WSGI server when sent)
    size = os.fstat(handle.fileno()).st_size
    headers += [("Content-Type", "application/x-tmx+xml; charset=utf-8"),
                ("Content-Length", str(size))]
    return Response(200, _FileBody(handle), headers)


class _FileBody:
    """The file, in chunks; ``close`` for the WSGI server (also when the client leaves)."""

    def __init__(self, handle) -> None:
        self.handle = handle

    def __iter__(self) -> Iterator[bytes]:
        while block := self.handle.read(_CHUNK):
            yield block

    def close(self) -> None:
        self.handle.close()

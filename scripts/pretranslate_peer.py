"""tm pretranslate beside Translate Toolkit's pretranslate, on the same PO and memory.

    python scripts/pretranslate_peer.py --input NEW.po --reference REF.po --memory MEM.po… \
        [--min-score 75] [--workdir DIR]

NEW.po is pre-translated by both tools (its msgstrs are emptied first with gettext's
msgfilter, so both start from nothing); MEM.po… are the memory (imported into a fresh tm
database; concatenated with msgcat into one file that Translate Toolkit gets as its
template -t, the old translation it matches by msgid, and as --tm for fuzzy matches: without
-t it fills nothing); REF.po is the
reference translation of NEW.po. Prints one JSON object: per tool the seconds, the units
filled (exact/final and fuzzy), and how many filled units equal the reference (all plural
forms equal), overall and among the final ones. :func:`score` is what the bench can call.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import polib

BIN = Path(sys.executable).parent


def _key(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def _forms(entry: polib.POEntry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def score(output: Path, reference: Path) -> dict:
    """Units filled in ``output`` and how many of them equal ``reference``."""
    want = {_key(e): _forms(e) for e in polib.pofile(str(reference)) if e.msgid}
    filled = right = final = final_right = 0
    for entry in polib.pofile(str(output)):
        forms = _forms(entry)
        if not entry.msgid or not all(f.strip() for f in forms):
            continue
        good = want.get(_key(entry)) == forms
        filled, right = filled + 1, right + good
        if "fuzzy" not in entry.flags:
            final, final_right = final + 1, final_right + good
    return {"units": len(want), "filled": filled, "right": right, "final": final,
            "final_right": final_right, "fuzzy": filled - final}


def _run(*args: str | Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(a) for a in args], check=True, capture_output=True)
    return round(time.perf_counter() - start, 2)


def compare(new: Path, reference: Path, memory: list[Path], min_score: int,
            work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    empty, merged = work / "input.po", work / "memory.po"
    subprocess.run(["msgfilter", "--keep-header", "-i", str(new), "-o", str(empty), "sed",
                    "-e", "d"], check=True, capture_output=True)
    subprocess.run(["msgcat", "--use-first", "-o", str(merged), *map(str, memory)],
                   check=True, capture_output=True)
    db = work / "tm.db"
    db.unlink(missing_ok=True)
    _run(BIN / "tm", "--db", db, "import", *memory)
    ours, peer = work / "tm_tool.po", work / "translate-toolkit.po"
    results = {"tm_tool": {"seconds": _run(BIN / "tm", "--db", db, "pretranslate", empty,
                                           "-o", ours, "--min-score", min_score)},
               "translate-toolkit": {"seconds": _run(BIN / "pretranslate", "-t", merged,
                                                     f"--tm={merged}", "-s", min_score,
                                                     empty, peer)}}
    results["tm_tool"].update(score(ours, reference))
    results["translate-toolkit"].update(score(peer, reference))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", type=Path, required=True)
    parser.add_argument("--reference", type=Path, required=True)
    parser.add_argument("--memory", type=Path, nargs="+", required=True)
    parser.add_argument("--min-score", type=int, default=75)
    parser.add_argument("--workdir", type=Path, default=Path("pretranslate-peer"))
    args = parser.parse_args()
    print(json.dumps(compare(args.input, args.reference, args.memory, args.min_score,
                             args.workdir), indent=2))


if __name__ == "__main__":
    main()

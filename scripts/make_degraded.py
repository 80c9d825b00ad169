"""Write a deliberately degraded copy of the corpus: a delivery to score and check in the demo.

The approved rows only (the others carry the article's own English errors, which the check
rightly reports), with a few slogans replaced by their deprecated renderings from the controlled
glossary and one sentence dropped (its target left empty), deterministically, so that each
finding of the demo's `tm check` is a planted mistake.
Usage: python scripts/make_degraded.py OUT.tsv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SWAPS = [  # (preferred rendering, deprecated rendering) as the glossary lists them
    ("Two Establishments", "Two Affirmations"),
    ("Chinese modernization", "Chinese-style modernization"),
    ("Green and Beautiful Dongguan", "green and beautiful Dongguan"),
    ("new quality productive forces", "new productive forces"),
    ("15th Five-Year Plan", "15th five-year plan"),
]
DROPPED_ID = "17"


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def main(out: Path) -> None:
    glossary = {(r["en"], r["status"]) for p in (ROOT / "glossary").glob("*.tsv") for r in rows(p)}
    for good, bad in SWAPS:  # the demo must stay true to the glossary
        assert (good, "preferred") in glossary and (bad, "deprecated") in glossary, (good, bad)
    lines = ["id\tzh\ten"]
    swapped = set()
    for path in sorted((ROOT / "corpus").glob("*.tsv")):
        for row in rows(path):
            if row.get("status", "approved") != "approved":
                continue
            en = row["en"]
            for good, bad in SWAPS:
                if good in en and good not in swapped:
                    en = en.replace(good, bad, 1)
                    swapped.add(good)
                    break
            if row["id"] == DROPPED_ID:
                en = ""
            lines.append("\t".join([row["id"], row["zh"], en]))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""Write a file to analyse against a memory: N sources drawn from the memory's TSV, a share kept
as they are (exact matches), a share edited (1–6 characters replaced or dropped: fuzzy matches),
a share shuffled from other segments' characters (no match), and some repeated; seeded.
Usage: python scripts/make_analysis_input.py TM.tsv OUT.tsv [N=10000] [SEED=18]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path


def edited(text: str, rng: random.Random, alphabet: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(chars))
        if rng.random() < 0.5:
            chars[at] = rng.choice(alphabet)
        elif len(chars) > 4:
            del chars[at]
    return "".join(chars)


def main(tm: Path, out: Path, n: int = 10000, seed: int = 18) -> None:
    rng = random.Random(seed)
    with open(tm, encoding="utf-8") as handle:
        next(handle)
        sources = [line.split("\t")[1] for line in handle]
    picked = rng.sample(sources, n)
    alphabet = "".join(sorted({ch for text in picked[:2000] for ch in text}))
    rows = []
    for text in picked:
        kind = rng.random()
        if kind < 0.35:
            rows.append(text)
        elif kind < 0.80:
            rows.append(edited(text, rng, alphabet))
        elif kind < 0.95:
            rows.append("".join(rng.sample(text, len(text))))
        else:
            rows.append(rows[rng.randrange(len(rows))] if rows else text)
    lines = ["id\tzh\ten", *(f"{i}\t{text}\t" for i, text in enumerate(rows, 1))]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0]), Path(args[1]), *(int(a) for a in args[2:4]))

"""tm align on the gold sets (#15): strict/lax F1 and time per set, with a Gale–Church-only
baseline (length alone, one pass) in the same run, the seed article end to end, and the time of
a 1,000 × 1,000 and a 6,000 × 5,000 sentence pair.

    python -m bench.align_eval [--json] [--sets ctk,mac-dev] [--no-speed]

Gold sets live in ../shared/realworld/align/ (never copied into the project); a set that is
absent is reported as skipped.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

from tm_tool.align import Document, Params, align_documents
from tm_tool.align.evaluate import Counts, read_gold
from tm_tool.align.output import rows
from tm_tool.align.reading import read_document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "realworld" / "align"
SEED = SHARED / "seed" / "000_5dbff7d3c8078df1.txt"
CORPUS = ROOT / "corpus" / "dongguan-10th-plenary.tsv"
BASELINE = Params(alpha=0.0, idle=0.0)  # Gale–Church: length and shape priors only


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def evaluate_set(folder: Path, *, baseline: bool) -> dict:
    counts, started = Counts(), time.perf_counter()
    documents = sorted(folder.glob("*.gold"))
    for gold in documents:
        zh = Document([_lines(gold.with_suffix(".zh"))])
        en = Document([_lines(gold.with_suffix(".en"))])
        result = (align_documents(zh, en, params=BASELINE, second_pass=False) if baseline
                  else align_documents(zh, en))
        counts.add([(b.zh, b.en) for b in result.beads], read_gold(gold))
    return {**counts.as_dict(), "documents": len(documents),
            "seconds": round(time.perf_counter() - started, 2)}


def seed_article(work: Path) -> dict:
    """The corpus's Chinese joined by paragraph against the raw English article: how many
    corpus rows come out exactly as they are."""
    with CORPUS.open(encoding="utf-8") as handle:
        corpus = list(csv.DictReader(handle, delimiter="\t"))
    paras: dict[str, list[str]] = {}
    for row in corpus:
        paras.setdefault(row["para"], []).append(row["zh"])
    zh_path = work / "seed.zh.txt"
    zh_path.write_text("\n\n".join("".join(p) for p in paras.values()) + "\n", "utf-8")
    started = time.perf_counter()
    zh, en = read_document(zh_path, "zh"), read_document(SEED, "en")
    result = align_documents(zh, en)
    pairs = {(r.zh_text, r.en_text) for r in rows(result, zh, en)}
    reproduced = sum((r["zh"], r["en"]) in pairs for r in corpus)
    return {"rows": len(corpus), "reproduced": reproduced,
            "share": round(reproduced / len(corpus), 4),
            "seconds": round(time.perf_counter() - started, 2)}


def _pool(n_zh: int, n_en: int) -> tuple[list[str], list[str]]:
    zh: list[str] = []
    en: list[str] = []
    golds = sorted((GOLD / "ctk").glob("*.gold"))
    while len(zh) < n_zh or len(en) < n_en:
        for gold in golds:
            zh += _lines(gold.with_suffix(".zh"))
            en += _lines(gold.with_suffix(".en"))
    return zh[:n_zh], en[:n_en]


def speed(n_zh: int, n_en: int) -> dict:
    zh, en = _pool(n_zh, n_en)
    started, cpu = time.perf_counter(), time.process_time()
    align_documents(Document([zh]), Document([en]))
    # CPU time beside wall time: on a shared machine the wall clock measures the neighbours
    return {"zh": n_zh, "en": n_en, "seconds": round(time.perf_counter() - started, 2),
            "cpu_seconds": round(time.process_time() - cpu, 2)}


def _print(results: dict) -> None:
    for name, found in results["sets"].items():
        for system, data in found.items():
            if system == "skipped":
                print(f"{name}: skipped ({data})")
                continue
            print(f"{name:8} {system:12} strict F1 {data['strict']['f1']:.4f} "
                  f"(P {data['strict']['precision']:.4f} R {data['strict']['recall']:.4f}) "
                  f"lax F1 {data['lax']['f1']:.4f}  {data['seconds']:.1f} s")
    if "seed" in results:
        seed = results["seed"]
        print(f"seed     {seed['reproduced']}/{seed['rows']} corpus rows reproduced "
              f"({seed['share']:.1%})")
    for found in results.get("speed", []):
        print(f"speed    {found['zh']} × {found['en']} sentences: {found['seconds']:.1f} s "
              f"({found['cpu_seconds']:.1f} s CPU)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.align_eval")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sets", default="ctk,mac-dev")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--work", type=Path, default=Path("/tmp"))
    args = parser.parse_args(argv)
    from tm_tool import cedict
    cedict.load()  # (read once, ~1 s, before any timing)
    results: dict = {"sets": {}}
    for name in args.sets.split(","):
        folder = GOLD / name
        if not folder.is_dir():
            results["sets"][name] = {"skipped": f"{folder} is absent"}
            continue
        results["sets"][name] = {"tm_align": evaluate_set(folder, baseline=False),
                                 "gale_church": evaluate_set(folder, baseline=True)}
    if SEED.exists():
        results["seed"] = seed_article(args.work)
    if not args.no_speed and (GOLD / "ctk").is_dir():
        results["speed"] = [speed(1000, 1000), speed(6000, 5000)]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        _print(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())

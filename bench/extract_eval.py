"""How well ``tm glossary extract`` finds terms (issue #16), each figure from the command
itself, run on a database built the way a user builds one:

- **TICO-19** (../shared/realworld, CC0): the TM `all.en-zh.tmx` against its two published
  glossaries. For each gold English term that occurs with one of its gold renderings in ≥ 2
  segments (the task is answerable), is a gold rendering the candidate for that English
  (top-1), or among it and its alternatives (top-3)? English compared in lower case without
  function words at the edges ("the incubation period" → "incubation period"); gold Chinese
  without spaces, alternatives split at " : ", and also without a bracketed gloss
  (艾滋病（AIDS） → 艾滋病).
- **The seed corpus** (corpus/*.tsv imported as `make demo` does, the glossary NOT loaded):
  how many of glossary/'s concepts are proposed with one of their Chinese terms and their
  preferred English, capitals exact (edge function words, apostrophes and a plural last word
  aside: see _seed_form); also how many have that English in the corpus at all (the ceiling).
- **Speed**: seconds and peak RSS of the command on a memory of ``--size`` segments.

    python bench/extract_eval.py [--size 100000 --data bench/data/100000] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "realworld"
TM = str(Path(sys.executable).parent / "tm")
sys.path.insert(0, str(ROOT))

from tm_tool.extraction import en_groups  # noqa: E402
from tm_tool.formats.glossary_table import alternatives  # noqa: E402
from tm_tool.text import normalize_zh_for_terms  # noqa: E402

TICO_TM = SHARED / "tmx" / "tico19" / "all.en-zh.tmx"
TICO_GLOSSARIES = {"facebook": SHARED / "glossary" / "tico19" / "f_en-zh_CN.csv",
                   "google": SHARED / "glossary" / "tico19" / "g_en_zh-CN.csv"}
_BRACKETED = re.compile(r"（[^）]*）|\([^)]*\)")


def tm(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([TM, *args], capture_output=True, text=True, check=True)


def extract(db: Path, *extra: str) -> tuple[dict, float, float]:
    """The command's JSON, its seconds and its peak RSS (MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = tm("--db", str(db), "glossary", "extract", "--json", *extra)
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return json.loads(proc.stdout), seconds, max(rss, before) / 1024


def _en_key(text: str) -> str:
    return en_groups.key(en_groups.strip_edges(text))


def _zh_forms(field: str) -> set[str]:
    forms = set()
    for text, _ in alternatives(field):
        bare = re.sub(r"\s+", "", text)
        forms |= {bare, _BRACKETED.sub("", bare)}
    return {f for f in forms if f}


def gold(path: Path) -> dict[str, set[str]]:
    """English term (as written) → its gold Chinese forms."""
    terms: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            terms.setdefault(row["sourceString"].strip(), set()).update(
                _zh_forms(row["targetString"]))
    return terms


def _answerable(pairs: list[tuple[str, str]], en: str, forms: set[str]) -> bool:
    """Whether the English term and one of its gold forms share ≥ 2 segments."""
    pattern = re.compile(r"(?<![\w-])" + re.escape(en.lower()) + r"(?![\w-])")
    hits = 0
    for zh, text in pairs:
        if pattern.search(text) and any(form in zh for form in forms):
            hits += 1
            if hits == 2:
                return True
    return False


def tico() -> dict:
    from tm_tool import transfer

    segments = list(transfer.read_segments(TICO_TM))
    pairs = [(re.sub(r"\s+", "", s.target), s.source.lower()) for s in segments]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "tico.db"
        tm("--db", str(db), "import", str(TICO_TM))
        found, seconds, rss = extract(db)
    ranked: dict[str, list[str]] = {}
    for c in found["candidates"]:
        ranked.setdefault(_en_key(c["en"]), [c["zh"], *c["alternatives"]])
        for other in c.get("other_renderings", []):
            ranked.setdefault(_en_key(other["en"]), [c["zh"], *other["alternatives"]])
    result = {"seconds": round(seconds, 2), "rss_mb": round(rss, 1),
              "candidates": len(found["candidates"])}
    for name, path in TICO_GLOSSARIES.items():
        n = top1 = top3 = 0
        missed, second = [], []
        for en, forms in gold(path).items():
            if not _en_key(en) or not _answerable(pairs, en, forms):
                continue
            n += 1
            zh = [re.sub(r"\s+", "", z) for z in ranked.get(_en_key(en), [])]
            top1 += bool(zh and zh[0] in forms)
            if zh and zh[0] not in forms and any(z in forms for z in zh[:3]):
                second.append(f"{en} → {'/'.join(sorted(forms))} (got {'/'.join(zh[:3])})")
            top3 += any(z in forms for z in zh[:3])
            if not any(z in forms for z in zh[:3]):
                missed.append(f"{en} → {'/'.join(sorted(forms))} (got {'/'.join(zh[:3])})")
        result[name] = {"terms": n, "top1": round(top1 / n, 3), "top3": round(top3 / n, 3),
                        "missed": missed, "not_first": second}
    return result


def _seed_form(text: str) -> str:
    """An English rendering as the seed comparison reads it: capitals exact, but without
    function words at the edges ("the CPC Central Committee": a candidate never starts with
    "the"), one apostrophe ("Party’s" = "Party's") and its last word in the singular
    (a glossary gives "traditional industry", the text says "traditional industries")."""
    text = en_groups.strip_edges(text.replace("’", "'"))
    head = re.search(r"[A-Za-z]+$", text)
    if head is None:
        return text
    word = head.group()
    single = en_groups.key(word)
    if single != word.lower():
        single = word[:len(single)] if word.lower().startswith(single) else \
            (single.capitalize() if word[:1].isupper() else single)
        word = single
    return text[:head.start()] + word


def _in_corpus(preferred: str, english: list[str]) -> bool:
    """Whether a segment writes the rendering (as _seed_form reads it; a capital that only
    starts the sentence aside): the most the seed comparison can find."""
    form = _seed_form(preferred)
    if not form:
        return False
    pattern = re.compile(r"(?<![\w-])" + re.escape(form[:-1]) + r"\w*(?![\w-])")
    lowered = re.compile(r"^(?:the |a |an )?" + re.escape(form[:1].upper() + form[1:-1]) +
                         r"\w*(?![\w-])")
    for text in english:
        text = text.replace("’", "'")
        if pattern.search(text) or lowered.search(text):
            return True
    return False


def seed() -> dict:
    from tm_tool import transfer

    concepts = [c for path in sorted((ROOT / "glossary").glob("*.tsv"))
                for c in transfer.read_glossary(path)]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "seed.db"
        tm("--db", str(db), "import", "--src", "zh-CN", "--tgt", "en",
           *map(str, sorted((ROOT / "corpus").glob("*.tsv"))))
        found, seconds, _ = extract(db)
    proposed = {(normalize_zh_for_terms(c["zh"])[0], _seed_form(c["en"]))
                for c in found["candidates"]}
    # (and as the issue words it, the English exactly as the glossary writes it)
    written = {(normalize_zh_for_terms(c["zh"])[0], c["en"]) for c in found["candidates"]}
    english = []
    for path in sorted((ROOT / "corpus").glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            english += [row.get("en") or "" for row in csv.DictReader(handle, delimiter="\t")]
    recovered, exact, present, missed = 0, 0, 0, []
    for concept in concepts:
        preferred = concept.preferred("en")
        present += bool(preferred and _in_corpus(preferred.text, english))
        zh_keys = {normalize_zh_for_terms(t.text)[0] for t in concept.terms_in("zh")}
        exact += bool(preferred and any((z, preferred.text) in written for z in zh_keys))
        if preferred and any((z, _seed_form(preferred.text)) in proposed for z in zh_keys):
            recovered += 1
        else:
            missed.append(concept.key)
    return {"concepts": len(concepts), "recovered": recovered, "recovered_as_written": exact,
            "english_in_corpus": present,
            "share": round(recovered / len(concepts), 3), "candidates": len(found["candidates"]),
            "seconds": round(seconds, 2), "missed": missed}


def speed(data: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "speed.db"
        tm("--db", str(db), "import", "--src", "zh-CN", "--tgt", "en", str(data / "tm.tsv"))
        found, seconds, rss = extract(db, "--top", "1000")
    return {"segments": found["segments"], "sampled": found["sampled"],
            "seconds": round(seconds, 1), "rss_mb": round(rss, 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="a bench data folder (tm.tsv) for speed")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list the misses")
    args = parser.parse_args(argv)
    results: dict = {}
    if TICO_TM.exists():
        results["tico19"] = tico()
    results["seed"] = seed()
    if args.data:
        results["speed"] = speed(args.data)
    if not args.verbose:
        for part in (results.get("tico19", {}).get("facebook"),
                     results.get("tico19", {}).get("google"), results["seed"]):
            if part:
                part.pop("missed", None)
                part.pop("not_first", None)
    print(json.dumps(results, ensure_ascii=False, indent=2 if not args.json else None))


if __name__ == "__main__":
    main()

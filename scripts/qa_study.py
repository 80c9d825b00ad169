"""How far a QA reviewer can trust ``tm check``: the real-file study and the seeded-error study.

Two measures, as issue #12 and ../shared/design/qa-accuracy.md define them:

* ``real``: ``tm check`` on every professionally translated zh file of ../shared/realworld
  (no glossary; the TICO-19 memory also with its two glossaries, for the term checks), findings
  pooled per check and sampled at random with a fixed seed; each sampled finding is looked up in
  the verdict files kept in tests/fixtures/qa/*verdicts.tsv (judged by a person: ``true`` or
  ``false`` and why). Prints precision per check and lists the sampled findings nobody has judged
  yet, so that they can be judged and kept (``--todo FILE`` writes them as a verdict file to fill).
* ``seed`` writes the seeded-error set (tests/fixtures/qa/seeded/): 300 real pairs, half given
  exactly one error of a known kind, in TMX, TSV and PO, in both directions; ``seeded`` checks
  those files and prints recall per error type and per format and the clean units flagged.

Run with the project's venv: ``python scripts/qa_study.py real|seed|seeded``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import polib
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realworld"
QA = ROOT / "tests" / "fixtures" / "qa"
SEEDED = QA / "seeded"
TM = str(Path(sys.executable).parent / "tm")
SEED = 20261201

# The zh files of the study (all translated by people; zh_TW.Big5 is 0 % translated: left out).
REAL_FILES = [
    *[f"po/django/{n}" for n in (
        "admin_zh_Hans_django.po", "admin_zh_Hans_djangojs.po", "auth_zh_Hans_django.po",
        "conf_zh_Hans_django.po", "conf_zh_Hant_django.po", "humanize_zh_Hans_django.po")],
    "po/sphinx/zh_CN_sphinx.po", "po/sphinx/zh_TW_sphinx.po",
    "tmx/tico19/all.en-zh.tmx", "tmx/heartsome/ImportTMXTest.tmx", "tmx/heartsome/UTF-16LE.TMX",
    "tmx/heartsome/utf-16be.tmx", "tmx/heartsome/utf-8.tmx", "tmx/weblate/memory2.tmx",
    *[f"xliff/heartsome/{n}" for n in (
        "HSCAT8-4.xlf", "HSCAT8-61.xlf", "HSCAT8-80b.xlf", "HSCAT8-83b.xlf", "HSCAT8-9.xlf",
        "Test.txt.xlf", "Test_UTF16LE.txt.xlf")],
]
TICO = "tmx/tico19/all.en-zh.tmx"
TICO_GLOSSARIES = ["glossary/tico19/g_en_zh-CN.csv", "glossary/tico19/f_en-zh_CN.csv"]
TERM_CHECKS = {"term-missing", "term-case", "term-forbidden"}


def run_check(path: Path, *extra: str, cwd: Path) -> list[dict]:
    """Findings of ``tm check PATH`` (JSON lines or one JSON document)."""
    proc = subprocess.run([TM, "check", str(path), "--format", "json", "--fail-on", "never",
                           *extra], capture_output=True, text=True, cwd=cwd)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"tm check {path} failed ({proc.returncode}): {proc.stderr.strip()}")
    text = proc.stdout.strip()
    try:
        return json.loads(text).get("findings", [])
    except json.JSONDecodeError:  # one JSON object per line
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        return [r for r in rows if "check" in r]


# ---------------------------------------------------------------------------------------------
# Real files


def real_findings() -> list[dict]:
    if not REAL.is_dir():
        raise SystemExit(f"{REAL} is missing")
    files = [f for f in REAL_FILES if (REAL / f).exists()]
    pooled = []
    with tempfile.TemporaryDirectory() as empty:  # no tm.db here: no glossary
        for name in files:
            for f in run_check(REAL / name, cwd=Path(empty)):
                if f["check"] in TERM_CHECKS:
                    continue  # no glossary: nothing to judge (and there are none)
                f["file"] = name
                pooled.append(f)
        for glossary in TICO_GLOSSARIES:
            for f in run_check(REAL / TICO, "--glossary", str(REAL / glossary),
                               "--checks", ",".join(sorted(TERM_CHECKS)), cwd=Path(empty)):
                f["file"] = f"{TICO} + {Path(glossary).name}"
                pooled.append(f)
    return pooled


def verdict_key(file: str, unit: str, check: str, source: str, target: str) -> tuple:
    """Verdicts are matched on the file's name, the unit, the check and both texts (written
    with escaped tabs and line ends in the TSV, so compared without any whitespace)."""
    def flat(text: str) -> str:
        return re.sub(r"\s+|\\[nt]", "", text)
    return (Path(file.split(" + ")[0]).name, str(unit), check, flat(source)[:200],
            flat(target)[:200])


def load_verdicts() -> dict[tuple, tuple[str, str]]:
    verdicts = {}
    for path in sorted(QA.glob("*verdicts.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row.get("verdict") not in ("true", "false"):
                    continue
                unit = row["unit"].split(" line ")[0]  # "17[0] line 107": the unit is 17[0]
                key = verdict_key(row["file"], unit, row.get("check") or "number-mismatch",
                                  row["source"], row["target"])
                verdicts[key] = (row["verdict"], row.get("reason", ""))
    return verdicts


def sample(findings: list[dict], per_check: int = 25) -> dict[str, list[dict]]:
    """Up to PER_CHECK findings of each check, at random but stable: each finding's rank is a
    hash of the seed and the finding, so a change that removes some findings keeps the rest of
    the sample (and its verdicts) and draws only the next ones in."""
    by_check = defaultdict(list)
    for f in findings:
        by_check[f["check"]].append(f)

    def rank(f: dict) -> str:
        key = "\x1f".join([str(SEED), f["check"], f["file"], str(f["unit"]), f["source"],
                            f["target"]])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    return {check: sorted(items, key=rank)[:per_check]
            for check, items in sorted(by_check.items())}


def real(args: argparse.Namespace) -> None:
    findings = real_findings()
    verdicts = load_verdicts()
    todo = []
    rows = []
    counts = Counter(f["check"] for f in findings)
    for check, items in sample(findings).items():
        judged = [verdicts.get(verdict_key(f["file"], f["unit"], check, f["source"],
                                           f["target"])) for f in items]
        true = sum(1 for v in judged if v and v[0] == "true")
        false = sum(1 for v in judged if v and v[0] == "false")
        todo += [f for f, v in zip(items, judged, strict=True) if v is None]
        severity = items[0]["severity"]
        rows.append((check, severity, counts[check], len(items), true, false))
    print("check\tseverity\tfindings\tsampled\ttrue\tfalse\tprecision")
    for check, severity, n, k, true, false in rows:
        precision = f"{true / (true + false):.2f}" if true + false else "-"
        print(f"{check}\t{severity}\t{n}\t{k}\t{true}\t{false}\t{precision}")
    print(f"{len(findings)} findings on {len(REAL_FILES)} files; {len(todo)} sampled not judged",
          file=sys.stderr)
    if args.todo:
        with open(args.todo, "w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, delimiter="\t", lineterminator="\n")
            out.writerow(["file", "unit", "check", "source", "target", "message", "verdict",
                          "reason"])
            for f in todo:
                out.writerow([f["file"], f["unit"], f["check"], f["source"], f["target"],
                              f["message"], "", ""])


# ---------------------------------------------------------------------------------------------
# The seeded-error set

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_0-9]*\}")
# HTML written as text (a `<command>` or `<<original entry>>` in Sphinx is not markup)
MARKUP = re.compile(r"(?<!<)</?(?:a|b|i|em|strong|span|code|kbd|tt|var|h[1-6]|p|br|div|ul|li)"
                    r"\b[^<>]*>")
DIGITS = re.compile(r"\d+")
HAN = re.compile(r"[\u4e00-\u9fff]")

# A small glossary over terms the TICO-19 pairs use, with renderings a reviewer would reject.
GLOSSARY = [
    ("who", "世界卫生组织", "World Health Organization", "World Health Organisation"),
    ("vaccine", "疫苗", "vaccine", "jab"),
    ("pandemic", "大流行", "pandemic", "epidemic disaster"),
    ("quarantine", "隔离", "quarantine", "isolation camp"),
    ("symptom", "症状", "symptom", "sign-sickness"),
    ("coronavirus", "冠状病毒", "coronavirus", "crown virus"),
]


def read_tmx_pairs(path: Path) -> list[dict]:
    """(source, target, raw inline XML) of each tu of a two-language en→zh TMX."""
    pairs = []
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    for tu in tree.iter("tu"):
        segs = {}
        for tuv in tu.iter("tuv"):
            lang = (tuv.get(lang_attr) or tuv.get("lang") or "").lower()
            seg = tuv.find("seg")
            if seg is None:
                continue
            raw = (seg.text or "") + "".join(etree.tostring(c, encoding="unicode")
                                             for c in seg)
            plain = "".join(seg.itertext()) if not len(seg) else None
            segs[lang[:2]] = (raw, plain)
        if "en" in segs and "zh" in segs:
            pairs.append({"en": segs["en"][0], "zh": segs["zh"][0],
                          "inline": segs["en"][1] is None or segs["zh"][1] is None,
                          "origin": f"{path.name}:{tu.get('tuid', '')}"})
    return pairs


def read_po_pairs(path: Path) -> list[dict]:
    pairs = []
    for entry in polib.pofile(str(path)):
        if entry.msgid_plural or not entry.msgstr or entry.obsolete or "fuzzy" in entry.flags:
            continue
        pairs.append({"en": entry.msgid, "zh": entry.msgstr, "inline": False,
                      "origin": f"{path.name}:{entry.linenum}"})
    return pairs


def pool(rng: random.Random) -> list[dict]:
    """300 real pairs: TICO-19 (sentences), Django and Sphinx (UI strings, placeholders,
    markup), Heartsome (inline codes); each source text once."""
    tico = [p for p in read_tmx_pairs(REAL / TICO) if len(p["en"]) < 400 and "\n" not in p["en"]]
    ui = []
    for name in ("admin_zh_Hans_django.po", "auth_zh_Hans_django.po", "conf_zh_Hans_django.po"):
        ui += read_po_pairs(REAL / "po" / "django" / name)
    ui += read_po_pairs(REAL / "po" / "sphinx" / "zh_CN_sphinx.po")
    ui = [p for p in ui if "\n" not in p["en"] and len(p["en"]) > 3]
    coded = [p for p in read_tmx_pairs(REAL / "tmx" / "heartsome" / "ImportTMXTest.tmx")
             if p["inline"] and "<bpt" in p["en"] and "µ" not in p["zh"]]
    marked = [p for p in ui if MARKUP.search(p["en"])]
    holders = [p for p in ui if PLACEHOLDER.search(p["en"]) and p not in marked]
    termed = [p for p in tico if any(g[2].lower() in p["en"].lower() and g[1] in p["zh"]
                                     for g in GLOSSARY)]
    numbered = [p for p in tico if DIGITS.search(p["en"]) and DIGITS.search(p["zh"])]
    chosen, seen = [], set()

    def take(items: list[dict], n: int) -> None:
        items = [p for p in items if p["en"] not in seen]
        for p in rng.sample(items, min(n, len(items))):
            seen.add(p["en"])
            chosen.append(p)

    take(coded, 16)
    take(marked, 14)
    take(holders, 40)
    take(termed, 50)
    take(numbered, 60)
    take(tico, 80)
    take(ui, 300 - len(chosen))
    return chosen[:300]


def _swap_digit(text: str, rng: random.Random) -> str | None:
    spans = [m for m in DIGITS.finditer(text)]
    if not spans:
        return None
    m = rng.choice(spans)
    digits = list(m.group())
    i = rng.randrange(len(digits))
    digits[i] = str((int(digits[i]) + rng.randint(1, 8)) % 10)
    if digits[0] == "0" and len(digits) > 1:
        digits[0] = "9"
    return text[:m.start()] + "".join(digits) + text[m.end():]


def seed_error(pair: dict, kind: str, direction: str, rng: random.Random) -> str | None:
    """The pair's target with one error of KIND, or None when KIND does not apply."""
    src, tgt = (pair["en"], pair["zh"]) if direction == "en-zh" else (pair["zh"], pair["en"])
    if kind == "number":
        return _swap_digit(tgt, rng) if DIGITS.search(src) else None
    if kind == "magnitude":
        if direction == "en-zh" and re.search(r"\d\s*万", tgt):
            return re.sub(r"(\d)\s*万", r"\1亿", tgt, count=1)
        if direction == "zh-en" and re.search(r"\bmillion\b", tgt):
            return re.sub(r"\bmillion\b", "billion", tgt, count=1)
        return None
    if kind == "placeholder":
        m = PLACEHOLDER.search(tgt)
        if not m or not PLACEHOLDER.search(src):
            return None
        found = m.group()
        wrong = {"%s": "%d", "%d": "%s"}.get(found) or (
            found.replace(")s", ")d") if found.startswith("%(") else "{x}")
        return tgt[:m.start()] + wrong + tgt[m.end():]
    if kind in ("tag-deleted", "tag-changed"):
        if pair["inline"]:
            m = re.search(r"<(bpt|ph|it)\b[^>]*>.*?</\1>", tgt)
            if not m:
                return None
            if kind == "tag-deleted":
                return tgt[:m.start()] + tgt[m.end():]
            inner = re.sub(r"\\f(\d+)", lambda d: f"\\cf{int(d.group(1)) + 7}", m.group())
            if inner == m.group():
                inner = m.group().replace("}", "}}", 1)
            return tgt[:m.start()] + inner + tgt[m.end():]
        m = MARKUP.search(tgt)
        if not m:
            return None
        if kind == "tag-deleted":
            return tgt[:m.start()] + tgt[m.end():]
        tag = m.group()
        name = re.match(r"</?([a-z0-9]+)", tag).group(1)
        other = {"strong": "b", "b": "i", "em": "i", "a": "span", "h1": "h2"}.get(name, "span")
        return tgt[:m.start()] + tag.replace(name, other, 1) + tgt[m.end():]
    if kind == "blank":
        return ""
    if kind == "copy":
        return src if src != tgt else None
    if kind == "double-space":
        spaces = [m.start() for m in re.finditer(r"(?<=\S) (?=\S)", tgt)]
        if direction == "en-zh" or not spaces:
            return None
        i = rng.choice(spaces)
        return tgt[:i] + "  " + tgt[i + 1:]
    if kind == "punctuation":
        if direction != "zh-en":
            return None
        m = re.search(r"(?<=\w),(?= )", tgt)
        return tgt[:m.start()] + "，" + tgt[m.end():] if m else None
    if kind.startswith("term-"):
        for _cid, zh, en, wrong in GLOSSARY:
            once = pair["zh"].count(zh) == 1 and len(re.findall(rf"\b{re.escape(en)}",
                                                              pair["en"], re.I)) == 1
            if not once:  # deleting one of several mentions is not clearly an error
                continue
            if direction == "zh-en" and zh in src and re.search(rf"\b{re.escape(en)}", tgt, re.I):
                m = re.search(rf"\b{re.escape(en)}", tgt, re.I)
                if kind == "term-deprecated":
                    repl = wrong
                elif kind == "term-case":
                    if en.islower():
                        continue
                    repl = en.lower()
                else:
                    repl = "it"
                return tgt[:m.start()] + repl + tgt[m.end():]
            if direction == "en-zh" and re.search(rf"\b{re.escape(en)}", src, re.I) and zh in tgt:
                if kind == "term-missing":
                    return tgt.replace(zh, "", 1)
                if kind == "term-deprecated":
                    return None
        return None
    raise ValueError(kind)


KINDS = ["number", "magnitude", "placeholder", "tag-deleted", "tag-changed", "blank", "copy",
         "double-space", "punctuation", "term-deprecated", "term-case", "term-missing"]
# The checks that may report each kind (a finding of another check does not count as found).
EXPECT = {
    "number": {"number-mismatch"}, "magnitude": {"number-mismatch"},
    "placeholder": {"placeholder"}, "tag-deleted": {"tag-mismatch"},
    "tag-changed": {"tag-mismatch"}, "blank": {"untranslated"}, "copy": {"untranslated"},
    "double-space": {"whitespace"}, "punctuation": {"punctuation"},
    "term-deprecated": {"term-forbidden", "term-missing"}, "term-case": {"term-case"},
    "term-missing": {"term-missing"},
}


QUOTA = {"number": 25, "magnitude": 8, "placeholder": 18, "tag-deleted": 10, "tag-changed": 10,
         "blank": 12, "copy": 12, "double-space": 12, "punctuation": 12, "term-deprecated": 12,
         "term-case": 8, "term-missing": 11}  # 150 errors


def seed(args: argparse.Namespace) -> None:
    rng = random.Random(SEED)
    pairs = pool(rng)
    rng.shuffle(pairs)
    # TICO-19 sentences go either way (zh→en is the product's direction); UI strings and
    # inline-coded units stay as their files have them.
    flexible = [p["origin"].startswith("all.en-zh") for p in pairs]
    plan: dict[int, tuple[str, str, str]] = {}  # index -> (kind, direction, wrong target)
    for kind in sorted(QUOTA, key=lambda k: sum(1 for p in pairs if seed_error(
            p, k, "zh-en", random.Random(0)) or seed_error(p, k, "en-zh", random.Random(0)))):
        for i, pair in enumerate(pairs):
            if sum(1 for k, _, _ in plan.values() if k == kind) >= QUOTA[kind]:
                break
            if i in plan or len(plan) >= 150:
                continue
            for direction in (("zh-en", "en-zh") if flexible[i] else ("en-zh",)):
                wrong = seed_error(pair, kind, direction, rng)
                target = pair["zh"] if direction == "en-zh" else pair["en"]
                if wrong is not None and wrong != target:
                    plan[i] = (kind, direction, wrong)
                    break
    for i in range(len(pairs)):  # fill up to half with blanks and copies
        if len(plan) >= 150:
            break
        if i not in plan:
            plan[i] = ("copy" if i % 2 else "blank", "en-zh", "" if i % 2 == 0 else None)
    units = []
    for i, pair in enumerate(pairs):
        kind, direction, wrong = plan.get(i, ("", "zh-en" if flexible[i] and i % 2 else
                                              "en-zh", None))
        src, tgt = (pair["en"], pair["zh"]) if direction == "en-zh" else (pair["zh"], pair["en"])
        if kind:
            tgt = src if wrong is None else wrong
        units.append({"id": f"s{i + 1:03d}", "direction": direction, "source": src,
                      "target": tgt, "kind": kind, "inline": pair["inline"],
                      "origin": pair["origin"]})
    SEEDED.mkdir(parents=True, exist_ok=True)
    with (SEEDED / "manifest.tsv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter="\t", lineterminator="\n")
        out.writerow(["id", "direction", "kind", "origin"])
        for u in units:
            out.writerow([u["id"], u["direction"], u["kind"] or "clean", u["origin"]])
    with (SEEDED / "glossary.tsv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter="\t", lineterminator="\n")
        out.writerow(["concept", "zh", "en", "status", "case_sensitive", "pos", "note"])
        for cid, zh, en, wrong in GLOSSARY:
            out.writerow([cid, zh, en, "preferred", "", "", ""])
            out.writerow([cid, zh, wrong, "deprecated", "", "", "seeded study: rejected"])
    for direction in ("en-zh", "zh-en"):
        chosen = [u for u in units if u["direction"] == direction]
        write_tmx(SEEDED / f"seeded.{direction}.tmx", chosen, direction)
        plain = [u for u in chosen if not u["inline"]]  # TSV and PO hold no TMX codes
        write_tsv(SEEDED / f"seeded.{direction}.tsv", plain, direction)
        write_po(SEEDED / f"seeded.{direction}.po", plain, direction)
    print(f"{len(units)} units, {sum(1 for u in units if u['kind'])} seeded: "
          f"{dict(Counter(u['kind'] for u in units if u['kind']))}")


def _langs(direction: str) -> tuple[str, str]:
    return ("en", "zh-CN") if direction == "en-zh" else ("zh-CN", "en")


def write_tmx(path: Path, units: list[dict], direction: str) -> None:
    src, tgt = _langs(direction)

    def seg(u: dict, text: str) -> str:
        return text if u["inline"] else escape(text)

    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<tmx version="1.4">',
             f'<header creationtool="qa_study" creationtoolversion="1" segtype="sentence" '
             f'o-tmf="none" adminlang="en" srclang={quoteattr(src)} datatype="plaintext"/>',
             "<body>"]
    for u in units:
        lines += [f'<tu tuid="{u["id"]}">',
                  f'<tuv xml:lang="{src}"><seg>{seg(u, u["source"])}</seg></tuv>',
                  f'<tuv xml:lang="{tgt}"><seg>{seg(u, u["target"])}</seg></tuv>', "</tu>"]
    lines += ["</body>", "</tmx>", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_tsv(path: Path, units: list[dict], direction: str) -> None:
    src, tgt = _langs(direction)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"id\t{src}\t{tgt}\n")
        for u in units:
            handle.write(f"{u['id']}\t{u['source']}\t{u['target']}\n")


def write_po(path: Path, units: list[dict], direction: str) -> None:
    src, tgt = _langs(direction)
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": tgt,
                   "X-Source-Language": src, "MIME-Version": "1.0",
                   "Content-Transfer-Encoding": "8bit"}
    for u in units:
        po.append(polib.POEntry(msgctxt=u["id"], msgid=u["source"], msgstr=u["target"]))
    po.save(str(path))


def seeded_study(verbose: bool = False) -> dict[str, dict]:
    """Per format: found/total per error kind, and the clean units flagged (any, at error)."""
    manifest = {}
    with (SEEDED / "manifest.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            manifest[row["id"]] = row
    found = defaultdict(lambda: defaultdict(lambda: [0, 0]))  # format -> kind -> [found, all]
    flagged = defaultdict(lambda: [0, 0, 0])  # format -> [clean flagged, at error, clean]
    with tempfile.TemporaryDirectory() as empty:
        for direction in ("en-zh", "zh-en"):
            src, tgt = _langs(direction)
            for fmt in ("tmx", "tsv", "po"):
                path = SEEDED / f"seeded.{direction}.{fmt}"
                findings = run_check(path, "--glossary", str(SEEDED / "glossary.tsv"),
                                     "--src", src, "--tgt", tgt, cwd=Path(empty))
                by_source, by_unit = defaultdict(list), defaultdict(list)
                for f in findings:
                    by_source[f["source"]].append(f)
                    by_unit[str(f["unit"])].append(f)
                for uid, source in unit_ids(path, fmt).items():
                    kind = manifest[uid]["kind"]
                    got = by_unit.get(uid) or by_source.get(source, [])
                    if kind == "clean":
                        flagged[fmt][2] += 1
                        flagged[fmt][0] += bool(got)
                        flagged[fmt][1] += any(f["severity"] == "error" for f in got)
                    else:
                        hit = any(f["check"] in EXPECT[kind] for f in got)
                        found[fmt][kind][0] += hit
                        found[fmt][kind][1] += 1
                        if not hit and verbose:
                            print(f"missed {fmt} {uid} {kind}: {(source or '')[:70]!r}",
                                  file=sys.stderr)
    results = {}
    for fmt in ("tmx", "tsv", "po"):
        hit = sum(v[0] for v in found[fmt].values())
        total = sum(v[1] for v in found[fmt].values())
        any_, error, clean = flagged[fmt]
        results[fmt] = {"kinds": {k: tuple(v) for k, v in found[fmt].items()},
                        "recall": hit / total, "found": hit, "seeded": total,
                        "clean": clean, "clean_flagged": any_ / clean,
                        "clean_at_error": error / clean}
    return results


def seeded(args: argparse.Namespace) -> None:
    results = seeded_study(args.verbose)
    kinds = sorted({k for r in results.values() for k in r["kinds"]})
    print("kind\t" + "\t".join(results))
    for kind in kinds:
        cells = ["{}/{}".format(*r["kinds"][kind]) if kind in r["kinds"] else "-"
                 for r in results.values()]
        print(f"{kind}\t" + "\t".join(cells))
    for fmt, r in results.items():
        print(f"{fmt}: recall {r['found']}/{r['seeded']} = {r['recall']:.3f}; clean units "
              f"flagged {r['clean_flagged']:.3f}, at error {r['clean_at_error']:.3f} "
              f"(of {r['clean']})")


def unit_ids(path: Path, fmt: str) -> dict[str, str]:
    """id -> source text of the units in a seeded file."""
    if fmt == "po":
        return {e.msgctxt: e.msgid for e in polib.pofile(str(path))}
    if fmt == "tsv":
        rows = path.read_text(encoding="utf-8").splitlines()[1:]
        return {r.split("\t")[0]: r.split("\t")[1] for r in rows}
    tree = etree.parse(str(path))
    out = {}
    for tu in tree.iter("tu"):
        seg = tu.find("tuv").find("seg")
        out[tu.get("tuid")] = "".join(seg.itertext()) if not len(seg) else None
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("real", help="precision per check on the real zh files")
    p.add_argument("--todo", help="write the sampled findings nobody judged yet to this TSV")
    p.set_defaults(run=real)
    p = sub.add_parser("seed", help="write the seeded-error set")
    p.set_defaults(run=seed)
    p = sub.add_parser("seeded", help="recall on the seeded-error set")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(run=seeded)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()

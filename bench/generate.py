"""A deterministic, realistic zh-CN → en translation memory of any size, with queries.

Row k depends only on the seed and k (never on N), so the 10k set is a prefix of the 1M set.
Chinese sentences of 15–60 characters and English of 8–40 words are drawn from real CC-CEDICT
words with Zipf-like frequencies; ~20 % of rows are near-duplicates (1–3 word edits of one of
the previous 20,000 rows) so fuzzy matching has real work; ~1 % repeat a source exactly, half
with a variant target (PO msgctxt, consistency checks). Glossary terms — the controlled
glossary's slogans and 5,000 real CC-CEDICT terms — are planted in ~35 % of rows, 3 % of them
with a deprecated or wrong rendering.
"""

from __future__ import annotations

import bisect
import csv
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tm_tool.formats import WriteOptions
from tm_tool.formats.po import PoFormat
from tm_tool.formats.tmx import TmxFormat
from tm_tool.model import Segment

from . import vocab

SEED = 20261125
ROOT = Path(__file__).resolve().parent
GLOSSARY_FILE = ROOT.parent / "glossary" / "dongguan-slogans.tsv"
FILLERS = ["the", "and", "of", "to", "in", "for", "with", "on", "by", "we", "will", "its"]


@dataclass
class Term:
    zh: str
    en: str
    wrong: str  # a deprecated / wrong rendering


class Generator:
    def __init__(self, seed: int = SEED) -> None:
        self.seed = seed
        pairs, self.vocab_source = vocab.load()
        rng = random.Random(seed)
        # CC-CEDICT has no frequencies. Characters that occur in many entries are the common
        # ones, so words made of common characters rank first (2-character words most).
        char_count: dict[str, int] = {}
        for word, _ in pairs:
            for ch in word:
                char_count[ch] = char_count.get(ch, 0) + 1
        order = list(pairs)
        rng.shuffle(order)
        order.sort(key=lambda p: (-min(char_count[c] for c in p[0]) * (1.6 if len(p[0]) == 2
                                                                        else 1.0)))
        self.words = order[:60000]
        weights = [1.0 / (rank + 10) ** 1.05 for rank in range(len(self.words))]
        self.cumulative = []
        total = 0.0
        for w in weights:
            total += w
            self.cumulative.append(total)
        self.total = total
        self.chars = sorted({ch for word, _ in self.words[:5000] for ch in word})
        self.terms = self._terms(rng, pairs)

    def _terms(self, rng: random.Random, pairs: list[tuple[str, str]]) -> list[Term]:
        terms = []
        with open(GLOSSARY_FILE, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        by_concept: dict[str, dict] = {}
        for row in rows:
            entry = by_concept.setdefault(row["concept"], {"zh": row["zh"].replace('"', "")})
            entry.setdefault(row["status"], row["en"])
        for entry in by_concept.values():
            if "preferred" in entry:
                terms.append(Term(entry["zh"], entry["preferred"],
                                  entry.get("deprecated", entry["preferred"].lower())))
        candidates = [(zh, en) for zh, en in pairs if 3 <= len(zh) <= 4 and " " in en]
        rng.shuffle(candidates)
        seen = {t.zh for t in terms}
        for zh, en in candidates:
            if len(terms) >= 5000:
                break
            if zh not in seen:
                seen.add(zh)
                terms.append(Term(zh, en, en.split(" ")[0] + " thing"))
        return terms

    def _word(self, rng: random.Random) -> tuple[str, str]:
        index = bisect.bisect_left(self.cumulative, rng.random() * self.total)
        return self.words[min(index, len(self.words) - 1)]

    def base(self, k: int) -> tuple[str, str]:
        rng = random.Random(self.seed * 1_000_003 + k)
        target = rng.randint(15, 58)
        zh_parts: list[str] = []
        en_parts: list[str] = []
        length = 0
        if rng.random() < 0.35:
            term = self.terms[rng.randrange(len(self.terms))]
            zh_parts.append(term.zh)
            en_parts.append(term.wrong if rng.random() < 0.03 else term.en)
            length += len(term.zh)
        while length < target:
            zh, en = self._word(rng)
            spot = rng.randrange(len(zh_parts) + 1)
            zh_parts.insert(spot, zh)
            en_parts.insert(min(spot, len(en_parts)), en)
            length += len(zh)
            if rng.random() < 0.12 and length < target - 4:
                zh_parts.append("，")
        zh = "".join(zh_parts).strip("，")[:60] + "。"
        words = " ".join(en_parts).split()
        while len(words) < 8:
            words.append(rng.choice(FILLERS))
        for _ in range(rng.randint(0, 6)):
            words.insert(rng.randrange(len(words) + 1), rng.choice(FILLERS))
        words = words[:40]
        en = " ".join(words)
        return zh, en[:1].upper() + en[1:] + "."

    def row(self, k: int) -> tuple[str, str]:
        rng = random.Random(self.seed * 7_000_003 + k)
        roll = rng.random()
        if k > 0 and roll < 0.20:
            j = k - 1 - rng.randrange(min(k, 20000))
            zh, en = self.base(j)
            return self._edit(zh, rng, rng.randint(1, 3), whole_words=True), en
        if k > 0 and roll < 0.21:
            j = k - 1 - rng.randrange(min(k, 20000))
            zh, en = self.base(j)
            return zh, (en if rng.random() < 0.5 else en.replace(".", ", as planned."))
        return self.base(k)

    def _edit(self, text: str, rng: random.Random, edits: int, whole_words: bool = False
              ) -> str:
        chars = list(text[:-1])
        for _ in range(edits):
            replacement = self._word(rng)[0] if whole_words else rng.choice(self.chars)
            if not chars:
                break
            spot = rng.randrange(len(chars))
            kind = rng.random()
            if kind < 0.5:
                chars[spot:spot + len(replacement)] = list(replacement)
            elif kind < 0.75 and len(chars) > 16:
                del chars[spot]
            else:
                chars[spot:spot] = list(replacement)
        return "".join(chars) + text[-1]

    def rows(self, n: int) -> Iterator[tuple[int, str, str]]:
        for k in range(n):
            zh, en = self.row(k)
            yield k + 1, zh, en

    def queries(self, n: int) -> dict:
        rng = random.Random(self.seed + n)
        fuzzy = []
        for _ in range(200):
            k = rng.randrange(n)
            zh, _ = self.row(k)
            fuzzy.append({"query": self._edit(zh, rng, rng.randint(1, 5)), "id": k + 1,
                          "original": zh})
        two = [w for w, _ in (self._word(rng) for _ in range(400)) if len(w) == 2]
        conc2 = ["两个", "发展", *two[:98]]
        conc1 = [self._word(rng)[0][0] for _ in range(100)]
        conc30 = []
        while len(conc30) < 100:
            zh, _ = self.row(rng.randrange(n))
            if len(zh) > 32:
                start = rng.randrange(len(zh) - 31)
                conc30.append(zh[start:start + 30])
        english = []
        while len(english) < 50:
            words = self.row(rng.randrange(n))[1].rstrip(".").split()
            if len(words) > 3:
                start = rng.randrange(len(words) - 2)
                english.append(" ".join(words[start:start + 2]))
        terms = [t.zh for t in rng.sample(self.terms, 100)] + [
            t.en for t in rng.sample(self.terms, 20)]
        return {"fuzzy": fuzzy, "conc1": conc1, "conc2": conc2, "conc30": conc30,
                "english": english, "term": terms}


def generate(n: int, folder: Path, *, tmx_and_po: bool = True) -> dict:
    """Write tm.tsv, tm.tmx, tm.po, glossary5k.tsv and queries.json for size n (without
    ``tmx_and_po``, no TMX and PO copies: at 10M they would add ~12 GB and an hour)."""
    folder.mkdir(parents=True, exist_ok=True)
    gen = Generator()
    with open(folder / "tm.tsv", "w", encoding="utf-8", newline="") as out:
        out.write("id\tzh\ten\n")
        for k, zh, en in gen.rows(n):
            out.write(f"{k}\t{zh}\t{en}\n")

    def segments() -> Iterator[Segment]:
        for k, zh, en in gen.rows(n):
            yield Segment(zh, en, "zh-CN", "en", origin="bench", position=k, unit_id=str(k),
                          created_at="2025-12-12T00:00:00Z")

    if tmx_and_po:
        options = WriteOptions(src_lang="zh-CN", tgt_lang="en")
        TmxFormat().write(segments(), folder / "tm.tmx", options)
        PoFormat().write(segments(), folder / "tm.po", options)
    with open(folder / "glossary5k.tsv", "w", encoding="utf-8") as out:
        out.write("concept\tzh\ten\tstatus\n")
        for i, term in enumerate(gen.terms[:5000]):
            out.write(f"t{i}\t{term.zh}\t{term.en}\tpreferred\n")
            if term.wrong != term.en:
                out.write(f"t{i}\t{term.zh}\t{term.wrong}\tdeprecated\n")
    queries = gen.queries(n)
    (folder / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), "utf-8")
    info = {"size": n, "seed": SEED, "vocabulary": gen.vocab_source,
            "glossary_terms": min(5000, len(gen.terms)),
            "formats": ["tsv", "tmx", "po"] if tmx_and_po else ["tsv"]}
    (folder / "info.json").write_text(json.dumps(info), "utf-8")
    return info

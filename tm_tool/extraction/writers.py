"""Candidates written as a glossary a terminologist reviews and imports again: TSV (the
controlled glossary's columns, status ``candidate``, then the evidence), TBX (through the
glossary's own TBX writer, the evidence in each English term's note) or JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..fileio import atomic_write
from ..formats.base import WriteOptions
from ..formats.glossary_table import slug
from ..formats.tabular import tsv_line
from ..formats.tbx import TbxFormat
from ..model import Concept, Term
from .evidence import Candidate

FORMATS = ("tsv", "tbx", "json")
TSV_COLUMNS = ("concept", "zh", "en", "status", "case_sensitive", "pos", "note", "freq",
               "score", "flag", "segments", "example_1", "example_2")
CANDIDATE = "candidate"  # the status column's value: `tm glossary import` reads it


def concept_keys(candidates: Sequence[Candidate]) -> list[str]:
    """A concept id for each candidate: the glossary's when it touches one, else one made
    from the English, unique within the file."""
    keys, used = [], set()
    for c in candidates:
        key = c.concept or slug(c.en) or slug(c.zh)
        base, n = key, 2
        while key in used and not c.concept:
            key, n = f"{base}-{n}", n + 1
        used.add(key)
        keys.append(key)
    return keys


def _example(pair: tuple[str, str]) -> str:
    return " ⇄ ".join(" ".join(side.split()) for side in pair)


def write_tsv(candidates: Sequence[Candidate], path: str | Path) -> None:
    with atomic_write(path, "w") as out:
        out.write(tsv_line(list(TSV_COLUMNS)))
        for key, c in zip(concept_keys(candidates), candidates, strict=True):
            examples = [_example(e) for e in c.examples] + ["", ""]
            out.write(tsv_line([key, c.zh, c.en, CANDIDATE, "", "", c.note(), str(c.freq),
                                f"{c.score:.1f}", c.flag,
                                ",".join(map(str, c.segment_ids)), *examples[:2]]))


def write_tbx(candidates: Sequence[Candidate], path: str | Path) -> None:
    concepts = [Concept(key=key, note=c.note(), terms=[
        Term(text=c.zh, lang="zh"),
        Term(text=c.en, lang="en", note=f"{CANDIDATE}; {c.flag}" + (
            f": {c.reason}" if c.reason else "")),
    ]) for key, c in zip(concept_keys(candidates), candidates, strict=True)]
    TbxFormat().write(concepts, path, WriteOptions(src_lang="zh", tgt_lang="en"))


def json_chunks(candidates: Sequence[Candidate], summary: dict) -> Iterator[str]:
    """``json.dumps({**summary, "candidates": [...]}, ensure_ascii=False, indent=2)``, the
    same text, a candidate at a time: 140,000 candidates (a 100k memory without --top) held as
    one document took 800 MB more than the candidates themselves."""
    head = json.dumps({**summary, "candidates": []}, ensure_ascii=False, indent=2)
    cut = head.rindex("[]")  # (the last key: everything after it is ']\n}')
    if not candidates:
        yield head
        return
    yield head[:cut] + "[\n"
    for n, (key, c) in enumerate(zip(concept_keys(candidates), candidates, strict=True)):
        item = json.dumps({**c.as_dict(), "concept": key}, ensure_ascii=False, indent=2)
        # (nested two levels deep: four more spaces a line; JSON strings hold no raw newline)
        yield ("" if n == 0 else ",\n") + "    " + item.replace("\n", "\n    ")
    yield "\n  ]\n}"


def write_json(candidates: Sequence[Candidate], summary: dict, path: str | Path) -> None:
    with atomic_write(path, "w") as out:
        out.writelines(json_chunks(candidates, summary))
        out.write("\n")

"""The whole job behind ``tm align``: read both documents, gather anchors, align, and make the
review rows (and, given a gold file, the evaluation)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..text import HAN_CLASS
from .aligner import Alignment, Document, align_documents
from .anchors import Memory, extras_from
from .evaluate import read_gold, score
from .output import Row, rows, summary
from .reading import read_document

_HAN = re.compile(rf"[{HAN_CLASS}]")


@dataclass
class AlignJob:
    zh: Document
    en: Document
    result: Alignment
    rows: list[Row]
    summary: dict
    evaluation: dict | None = None


def _han_share(doc: Document) -> float:
    text = "".join(doc.sentences)
    letters = sum(ch.isalpha() for ch in text)
    return len(_HAN.findall(text)) / letters if letters else 0.0


def _check_languages(zh: Document, en: Document, zh_path: str | Path, en_path: str | Path
                     ) -> None:
    if _han_share(zh) < 0.2:
        raise InputError("has almost no Chinese characters: is it the Chinese document "
                         "(ZH_FILE comes first)?", path=zh_path)
    if _han_share(en) > 0.5:
        raise InputError("is mostly Chinese: is it the English document (EN_FILE comes "
                         "second)?", path=en_path)


def align_files(zh_path: str | Path, en_path: str | Path, *, lines: bool = False,
                encoding: str | None = None, memory: Memory | None = None,
                gold: str | Path | None = None, second_pass: bool = True) -> AlignJob:
    zh = read_document(zh_path, "zh", lines=lines, encoding=encoding)
    en = read_document(en_path, "en", lines=lines, encoding=encoding)
    _check_languages(zh, en, zh_path, en_path)
    gold_beads = read_gold(gold) if gold is not None else None
    extras = extras_from(memory, zh.sentences, en.sentences)
    result = align_documents(zh, en, extras=extras, second_pass=second_pass)
    found = rows(result, zh, en)
    job = AlignJob(zh, en, result, found, summary(found, zh, en))
    if gold_beads is not None:
        _check_gold(gold_beads, zh, en, gold)
        job.evaluation = score([(b.zh, b.en) for b in result.beads], gold_beads)
    return job


def _check_gold(beads: list, zh: Document, en: Document, path: str | Path | None) -> None:
    top_zh = max((i for b in beads for i in b[0]), default=-1)
    top_en = max((j for b in beads for j in b[1]), default=-1)
    if top_zh >= len(zh.sentences) or top_en >= len(en.sentences):
        raise InputError(f"names sentence {max(top_zh, top_en)}, beyond the documents "
                         f"({len(zh.sentences)} Chinese, {len(en.sentences)} English sentences; "
                         "gold ids are line numbers: use --lines)", path=path)

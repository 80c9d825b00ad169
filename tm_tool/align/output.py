"""Writing an alignment for review: a TSV that ``tm import`` reads back (status column
included), TMX, the ``--json`` document and a self-contained HTML page (the two texts side by
side, low-confidence beads highlighted). Files are written atomically (fileio.atomic_write)."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..fileio import atomic_write
from ..formats.base import WriteOptions
from ..formats.tabular import tsv_line
from ..formats.tmx import TmxFormat
from ..model import Segment
from .aligner import Alignment, Document
from .scoring import confidence

REVIEW = "needs-review"
SURE = "translated"
THRESHOLD = 0.5  # a 1-1 bead below this confidence needs review
NEIGHBOUR_THRESHOLD = 0.9  # … and beside a bead that is not 1-1, below this


@dataclass(frozen=True)
class Row:
    """One bead as the reviewer sees it."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    zh_text: str
    en_text: str
    score: float
    shape: str
    status: str

    def as_dict(self) -> dict:
        return {"zh": list(self.zh), "en": list(self.en), "zh_text": self.zh_text,
                "en_text": self.en_text, "score": self.score, "shape": self.shape,
                "status": self.status}


def rows(result: Alignment, zh_doc: Document, en_doc: Document) -> list[Row]:
    zh_s, en_s = zh_doc.sentences, en_doc.sentences
    found = []
    beads = result.beads
    for k, bead in enumerate(beads):
        score = confidence(bead.sim, bead.length, bead.shape, result.params)
        shape = f"{len(bead.zh)}-{len(bead.en)}"
        # errors cluster: a 1-1 bead beside a merge or a gap is wrong three times as often
        beside = any(0 <= k + d < len(beads) and beads[k + d].shape != (1, 1) for d in (-1, 1))
        sure = shape == "1-1" and score >= (NEIGHBOUR_THRESHOLD if beside else THRESHOLD)
        found.append(Row(bead.zh, bead.en, "".join(zh_s[i] for i in bead.zh),
                         " ".join(en_s[j] for j in bead.en), score, shape,
                         SURE if sure else REVIEW))
    return found


def summary(found: list[Row], zh_doc: Document, en_doc: Document) -> dict:
    shapes: dict[str, int] = {}
    for row in found:
        shapes[row.shape] = shapes.get(row.shape, 0) + 1
    return {"zh_sentences": len(zh_doc.sentences), "en_sentences": len(en_doc.sentences),
            "zh_paragraphs": len(zh_doc.paragraphs), "en_paragraphs": len(en_doc.paragraphs),
            "beads": len(found), "needs_review": sum(r.status == REVIEW for r in found),
            "shapes": dict(sorted(shapes.items()))}


def as_json(found: list[Row], result: Alignment, info: dict) -> dict:
    return {"beads": [r.as_dict() for r in found],
            "params": {**result.params.as_dict(), "learned_pairs": result.learned},
            "summary": info}


def write_tsv(found: list[Row], path: str | Path) -> int:
    """id, zh, en, score, shape, status: ``tm import`` takes it back as it is."""
    with atomic_write(path, "w") as out:
        out.write(tsv_line(["id", "zh", "en", "score", "shape", "status"], None))
        for number, row in enumerate(found, start=1):
            out.write(tsv_line([str(number), row.zh_text, row.en_text, f"{row.score:.3f}",
                                row.shape, row.status], str(number)))
    return len(found)


def write_tmx(found: list[Row], path: str | Path) -> int:
    """Beads with both sides (a sentence with no counterpart is no translation unit)."""
    segments = [Segment(source=r.zh_text, target=r.en_text, source_lang="zh-CN",
                        target_lang="en", unit_id=str(n), status=r.status if r.status == SURE
                        else "draft", note=f"{r.status}; score {r.score:.3f}",
                        props=[("x-align-shape", r.shape), ("x-align-score", f"{r.score:.3f}")])
                for n, r in enumerate(found, start=1) if r.zh_text and r.en_text]
    return TmxFormat().write(segments, path, WriteOptions())


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5em; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .35em .5em; vertical-align: top; }}
td.text {{ width: 44%; }} td.meta {{ white-space: nowrap; color: #555; font-size: .9em; }}
tr.review {{ background: #fff3cd; }} tr.gap {{ background: #f8d7da; }}
</style></head><body>
<h1>{title}</h1>
<p>{summary}</p>
<table><thead><tr><th>#</th><th>Chinese</th><th>English</th><th>shape</th><th>score</th></tr>
</thead><tbody>
{rows}
</tbody></table></body></html>
"""


def render_html(found: list[Row], info: dict, title: str) -> str:
    lines = []
    for number, row in enumerate(found, start=1):
        kind = "gap" if "0" in row.shape.split("-") else "review" if row.status == REVIEW else ""
        lines.append(f'<tr class="{kind}"><td class="meta">{number}</td>'
                     f'<td class="text" lang="zh">{html.escape(row.zh_text)}</td>'
                     f'<td class="text" lang="en">{html.escape(row.en_text)}</td>'
                     f'<td class="meta">{row.shape}</td><td class="meta">{row.score:.2f}</td>'
                     "</tr>")
    text = (f"{info['beads']} beads, {info['needs_review']} to review (highlighted); "
            f"{info['zh_sentences']} Chinese and {info['en_sentences']} English sentences.")
    return _PAGE.format(title=html.escape(title), summary=html.escape(text),
                        rows="\n".join(lines))


def write_html(found: list[Row], info: dict, path: str | Path, title: str) -> int:
    with atomic_write(path, "w") as out:
        out.write(render_html(found, info, title))
    return len(found)


WRITERS = {".tsv": "tsv", ".tab": "tsv", ".tmx": "tmx", ".html": "html", ".htm": "html",
           ".json": "json"}


def output_format(path: str | Path, fmt: str | None) -> str:
    chosen = fmt or WRITERS.get(Path(path).suffix.lower())
    if chosen not in ("tsv", "tmx", "html", "json"):
        raise UsageError(f"cannot tell the output format of {path}; name it .tsv, .tmx, "
                         ".html or .json, or give --format")
    return chosen


def write(found: list[Row], result: Alignment, info: dict, path: str | Path, fmt: str,
          title: str) -> int:
    if fmt == "tsv":
        return write_tsv(found, path)
    if fmt == "tmx":
        return write_tmx(found, path)
    if fmt == "html":
        return write_html(found, info, path, title)
    with atomic_write(path, "w") as out:
        out.write(json.dumps(as_json(found, result, info), ensure_ascii=False, indent=2) + "\n")
    return len(found)

"""An analysis as a person or a spreadsheet reads it: a text table per file (and in total) of
bands × segments, Chinese characters, words and percent, or CSV rows. (JSON: Analysis.as_dict.)

The percent column is each band's share of the file's weight, Chinese characters plus words:
what Trados's word count of a Chinese text is (each Han character one word).
"""

from __future__ import annotations

import csv
import io

from .analysis import BANDS, Analysis, Breakdown
from .counting import Counts

BAND_LABELS = {"repetitions": "Repetitions", "100": "100 %", "95-99": "95–99 %",
               "85-94": "85–94 %", "75-84": "75–84 %", "50-74": "50–74 %",
               "no-match": "No match"}
HEADER = ("", "Segments", "Chinese chars", "Words", "Percent")
CSV_HEADER = ("file", "band", "segments", "zh_chars", "en_words", "percent")
TOTAL = "total"


def _weight(counts: Counts) -> int:
    return counts.zh_chars + counts.en_words


def percent(part: Counts, whole: Counts) -> float:
    """``part``'s share of ``whole`` by weight (segments when neither has any)."""
    if _weight(whole):
        return 100.0 * _weight(part) / _weight(whole)
    return 100.0 * part.segments / whole.segments if whole.segments else 0.0


def _rows(breakdown: Breakdown) -> list[tuple[str, Counts]]:
    return [*((BAND_LABELS[b], breakdown.bands[b]) for b in BANDS), ("Total", breakdown.total)]


def _table(title: str, breakdown: Breakdown) -> list[str]:
    whole = breakdown.total
    cells = [HEADER, *((label, f"{c.segments:,}", f"{c.zh_chars:,}", f"{c.en_words:,}",
                        f"{percent(c, whole):.1f} %") for label, c in _rows(breakdown))]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADER))]
    lines = [title]
    for row in cells:
        lines.append("  ".join([row[0].ljust(widths[0]),
                                *(cell.rjust(w) for cell, w in zip(row[1:], widths[1:],
                                                                    strict=True))]).rstrip())
    return lines


def render_text(analysis: Analysis) -> str:
    """One table per file, and a total table when there are several files."""
    blocks = [_table(f.file, f) for f in analysis.files]
    if len(analysis.files) != 1:
        blocks.append(_table(f"Total ({len(analysis.files)} files)", analysis.total))
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def render_csv(analysis: Analysis) -> str:
    """One row per file and band (and its total), then the same for all files (file: total)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for name, breakdown in [*((f.file, f) for f in analysis.files), (TOTAL, analysis.total)]:
        whole = breakdown.total
        for band, counts in [*breakdown.bands.items(), (TOTAL, whole)]:
            writer.writerow([name, band, counts.segments, counts.zh_chars, counts.en_words,
                             f"{percent(counts, whole):.1f}"])
    return buffer.getvalue()

"""How much of new files the memory already covers, as CAT tools report it (Trados's analysis,
OmegaT's statistics): the library behind ``tm analyze``.

Every source segment of the files, in order, falls in one band: a segment whose source (by
text.match_key, the key of exact matches) already occurred earlier in the analysed files is a
*repetition*; the first occurrence is banded by its best TM match score (workflow/best_match):
100, 95–99, 85–94, 75–84, 50–74, or no match. Each band counts segments, Chinese characters and
words (workflow/counting)::

    from tm_tool.workflow.analysis import analyze
    result = analyze(["new.po", "notes.txt"], store, options=ReadOptions(src="zh-CN"))
    result.total.bands["100"].segments

Files are read with the formats' readers (their source side; untranslated units too); a
``.txt`` file is a document split into sentences (tm_tool/segmentation.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..formats import ReadOptions, segment_format
from ..formats.plaintext import read_sentences
from ..store import Store
from ..text import match_keys
from ..transfer import read_segments
from .best_match import best_scores
from .counting import Counts, count

REPETITIONS, NO_MATCH = "repetitions", "no-match"
# (band, lowest score in it), best first; a score below the last is no match.
SCORE_BANDS = (("100", 100), ("95-99", 95), ("85-94", 85), ("75-84", 75), ("50-74", 50))
BANDS = (REPETITIONS, *(name for name, _ in SCORE_BANDS), NO_MATCH)


def band_of(score: int | None) -> str:
    """The band of a first occurrence whose best match scores ``score`` (None: no match)."""
    for name, lowest in SCORE_BANDS:
        if score is not None and score >= lowest:
            return name
    return NO_MATCH


@dataclass
class Breakdown:
    """Counts per band, and their total."""

    bands: dict[str, Counts] = field(default_factory=lambda: {b: Counts() for b in BANDS})

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.bands.values():
            total.add(counts)
        return total

    def add(self, other: Breakdown) -> None:
        for band, counts in other.bands.items():
            self.bands[band].add(counts)

    def as_dict(self) -> dict:
        return {"bands": {band: c.as_dict() for band, c in self.bands.items()},
                "total": self.total.as_dict()}


@dataclass
class FileAnalysis(Breakdown):
    file: str = ""

    def as_dict(self) -> dict:
        return {"file": self.file, **super().as_dict()}


@dataclass
class Analysis:
    files: list[FileAnalysis]

    @property
    def total(self) -> Breakdown:
        total = Breakdown()
        for one in self.files:
            total.add(one)
        return total

    def as_dict(self) -> dict:
        return {"files": [f.as_dict() for f in self.files], "total": self.total.as_dict()}


def read_sources(path: str | Path, *, fmt: str | None = None,
                 options: ReadOptions | None = None) -> Iterator[str]:
    """The source texts of a file to analyse, in file order (empty ones left out)."""
    options = options or ReadOptions()
    if segment_format(path, fmt).name == "text":
        segments = read_sentences(path, options)
    else:
        segments = read_segments(path, fmt=fmt, options=options)
    for seg in segments:
        if seg.source.strip():
            yield seg.source


def analyze(paths: Sequence[str | Path], store: Store, *, fmt: str | None = None,
            options: ReadOptions | None = None, jobs: int | None = None,
            progress: Callable[[int, int], None] | None = None,
            read: Callable[[str], None] | None = None) -> Analysis:
    """Band every source segment of ``paths`` against ``store``. ``read`` is told of each file
    once it is read; ``progress`` of (sources scored, sources to score)."""
    sources = []
    for path in paths:
        sources.append(list(read_sources(path, fmt=fmt, options=options)))
        if read is not None:
            read(str(path))
    keys = match_keys([text for texts in sources for text in texts])
    first: dict[str, int] = {}  # key -> index of the text to score
    for at, key in enumerate(keys):
        first.setdefault(key, at)
    flat = [text for texts in sources for text in texts]
    to_score = sorted(first.values())
    scores = best_scores(store, [flat[at] for at in to_score], jobs=jobs,
                         progress=(lambda done: progress(done, len(to_score)))
                         if progress else None)
    band_at = {at: band_of(value) for at, value in zip(to_score, scores, strict=True)}
    files, at = [], 0
    for path, texts in zip(paths, sources, strict=True):
        result = FileAnalysis(file=str(path))
        for text in texts:
            result.bands[band_at.get(at, REPETITIONS)].add(count(text))
            at += 1
        files.append(result)
    return Analysis(files)

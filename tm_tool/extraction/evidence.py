"""A candidate pair and the evidence a terminologist decides on: how often, how strongly,
where (segment ids) and two example pairs."""

from __future__ import annotations

from dataclasses import dataclass, field

EXAMPLES = 2
MAX_IDS = 20  # segment ids listed per candidate (the count is always whole)


@dataclass
class Candidate:
    zh: str
    en: str
    method: str  # association (counted over many segments) | quoted (a slogan, one pair)
    freq: int  # segments holding both
    score: float  # G² for association, CC-CEDICT confirmation ×100 for quoted spans
    confirmation: float  # 0–1: how far CC-CEDICT and numbers confirm the pair
    segment_ids: list[int] = field(default_factory=list)
    examples: list[tuple[str, str]] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)  # other zh spans for this English
    # other English groups whose best span this is: {en, freq, score, alternatives}
    other_renderings: list[dict] = field(default_factory=list)
    flag: str = "new"  # new | known | contradicts
    reason: str | None = None  # why known / contradicting
    concept: str | None = None  # the glossary concept it touches, else a proposed key

    def as_dict(self) -> dict:
        return {"zh": self.zh, "en": self.en, "method": self.method, "freq": self.freq,
                "score": round(self.score, 2), "confirmation": round(self.confirmation, 3),
                "segment_ids": self.segment_ids,
                "examples": [{"zh": zh, "en": en} for zh, en in self.examples],
                "alternatives": self.alternatives, "other_renderings": self.other_renderings,
                "flag": self.flag, "reason": self.reason,
                "concept": self.concept}

    def note(self) -> str:
        """The evidence on one line (the TSV's and TBX's note)."""
        ids = ",".join(map(str, self.segment_ids[:5]))
        more = "…" if len(self.segment_ids) > 5 else ""
        text = (f"candidate ({self.method}): {self.freq} segments, score {self.score:.1f}, "
                f"CC-CEDICT {self.confirmation:.2f}; segments {ids}{more}")
        if self.alternatives:
            text += f"; also {' / '.join(self.alternatives)}"
        if self.reason:
            text += f"; {self.flag}: {self.reason}"
        return text

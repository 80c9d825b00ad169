"""Pairing hypotheses with references: from a reference file, or from the TM.

With a reference file, units are paired by unit id when every hypothesis id is found among the
references (TMX tuid, TSV id…), else by position (line or unit order). Without one, each
hypothesis's source is looked up in the TM by exact normalised match (text.match_key); units
with no reference are counted and listed, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import UsageError
from ..model import Segment
from ..store import Store
from ..text import match_key


@dataclass
class Pair:
    unit: str
    source: str
    hypothesis: str
    reference: str


@dataclass
class Pairing:
    pairs: list[Pair]
    unmatched: list[Segment]  # hypotheses without a reference


def _name(seg: Segment, index: int) -> str:
    return seg.unit_id or (f"line {seg.line}" if seg.line else str(index))


def with_references(hyps: Sequence[Segment], refs: Sequence[Segment]) -> Pairing:
    ref_ids = {r.unit_id: r for r in refs if r.unit_id}
    if hyps and all(h.unit_id and h.unit_id in ref_ids for h in hyps):
        pairs = [Pair(h.unit_id or "", h.source, h.target, ref_ids[h.unit_id].target)
                 for h in hyps if h.unit_id]
        return Pairing(pairs, [])
    if len(hyps) != len(refs):
        raise UsageError(f"{len(hyps)} hypotheses but {len(refs)} references, and their unit "
                         "ids do not pair them: give files with the same units")
    return Pairing([Pair(_name(h, i), h.source or r.source, h.target, r.target)
                    for i, (h, r) in enumerate(zip(hyps, refs, strict=True), start=1)], [])


def from_tm(hyps: Sequence[Segment], store: Store) -> Pairing:
    pairs, unmatched = [], []
    for index, hyp in enumerate(hyps, start=1):
        if not hyp.source.strip():
            raise UsageError("a hypothesis file without sources (plain text) needs --ref")
        found = store.segments_with_source_key(match_key(hyp.source))
        if found:
            best = sorted(found, key=lambda s: (s.status != "approved", -(s.id or 0)))[0]
            pairs.append(Pair(_name(hyp, index), hyp.source, hyp.target, best.target))
        else:
            unmatched.append(hyp)
    return Pairing(pairs, unmatched)

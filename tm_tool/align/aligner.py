"""Aligning two documents: paragraphs first, then sentences inside each paragraph group; a
first pass with the base dictionary, then a second with the document's own length model, shape
mix and learned word pairs, in a narrow band around the first path.

Library API::

    from tm_tool.align import Document, align_documents
    result = align_documents(Document([["你好。"]]), Document([["Hello."]]))
    result.beads[0].zh, result.beads[0].en   # sentence ids, 0-based in document order
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .dp import Bead, align_band, diagonal_band, path_band
from .features import Extras, Side, Vocabulary, chinese_side, english_side, word_weights
from .learn import learn_dictionary, reestimate
from .scoring import Params

WIDE = (50, 0.15, 400)  # first-pass half band: at least, share of the longer side, at most
NARROW = 12  # second-pass half band around the first path


@dataclass
class Document:
    """A document as paragraphs of sentences."""

    paragraphs: list[list[str]]

    @property
    def sentences(self) -> list[str]:
        return [s for para in self.paragraphs for s in para]


@dataclass
class Alignment:
    beads: list[Bead]
    params: Params
    learned: int = 0  # word pairs learned in the first pass
    paragraph_beads: list[Bead] = field(default_factory=list)


def _half_width(n: int, m: int) -> int:
    least, share, most = WIDE
    return int(min(max(least, share * max(n, m)), most))


def _sides(zh: list[str], en: list[str], extras: Extras,
           learned: dict[str, list[str]] | None) -> tuple[Side, Side]:
    vocab = Vocabulary()
    en_side = english_side(en, vocab, extras)
    return chinese_side(zh, vocab, extras, learned), en_side


def _one_sided(zh: tuple[int, ...], en: tuple[int, ...]) -> list[Bead]:
    return [Bead((i,), (), 0.0, 0.0) for i in zh] + [Bead((), (j,), 0.0, 0.0) for j in en]


def align_sentences(zh: list[str], en: list[str], params: Params, *, extras: Extras | None = None,
                    learned: dict[str, list[str]] | None = None,
                    around: list[Bead] | None = None) -> tuple[list[Bead], Side, Side]:
    """One DP over two lists of sentences (ids local to the lists)."""
    extras = extras or Extras()
    zh_side, en_side = _sides(zh, en, extras, learned)
    if not zh or not en:
        return _one_sided(tuple(range(len(zh))), tuple(range(len(en)))), zh_side, en_side
    if around is None:
        lo, hi = diagonal_band(zh_side, en_side, _half_width(len(zh), len(en)))
    else:
        lo, hi = path_band(around, len(zh), len(en), NARROW)
    return align_band(zh_side, en_side, params, lo, hi), zh_side, en_side


def _sub_extras(extras: Extras, zh_ids: list[int], en_ids: list[int]) -> Extras:
    def pick(lists: list[list[str]], ids: list[int]) -> list[list[str]]:
        return [lists[k] if k < len(lists) else [] for k in ids]

    return Extras(pick(extras.zh_terms, zh_ids), pick(extras.en_terms, en_ids),
                  pick(extras.zh_anchors, zh_ids), pick(extras.en_anchors, en_ids),
                  extras.word_weight)


def _para_extras(extras: Extras, zh_doc: Document, en_doc: Document) -> Extras:
    def merge(lists: list[list[str]], doc: Document) -> list[list[str]]:
        merged, at = [], 0
        for para in doc.paragraphs:
            merged.append([x for k in range(at, at + len(para))
                           for x in (lists[k] if k < len(lists) else [])])
            at += len(para)
        return merged

    return Extras(merge(extras.zh_terms, zh_doc), merge(extras.en_terms, en_doc),
                  merge(extras.zh_anchors, zh_doc), merge(extras.en_anchors, en_doc),
                  extras.word_weight)


def _starts(doc: Document) -> list[int]:
    starts, at = [], 0
    for para in doc.paragraphs:
        starts.append(at)
        at += len(para)
    return [*starts, at]


def _pass(zh_doc: Document, en_doc: Document, params: Params, extras: Extras,
          learned: dict[str, list[str]] | None, earlier: Alignment | None
          ) -> tuple[list[Bead], list[Bead]]:
    """Paragraph beads, then sentence beads inside each (global sentence ids)."""
    zs, es = _starts(zh_doc), _starts(en_doc)
    if len(zh_doc.paragraphs) > 1 or len(en_doc.paragraphs) > 1:
        para_params = Params(**{**params.__dict__, "cap": params.cap * 3})
        paras, _, _ = align_sentences(
            [" ".join(p) for p in zh_doc.paragraphs], [" ".join(p) for p in en_doc.paragraphs],
            para_params, extras=_para_extras(extras, zh_doc, en_doc), learned=learned)
    else:
        paras = [Bead((0,), (0,), 0.0, 0.0)]
    beads: list[Bead] = []
    zh_all, en_all = zh_doc.sentences, en_doc.sentences
    for para in paras:
        zh_ids = [i for p in para.zh for i in range(zs[p], zs[p + 1])]
        en_ids = [j for p in para.en for j in range(es[p], es[p + 1])]
        around = _local(earlier.beads, zh_ids, en_ids) if earlier else None
        local, _, _ = align_sentences(
            [zh_all[i] for i in zh_ids], [en_all[j] for j in en_ids],
            params, extras=_sub_extras(extras, zh_ids, en_ids), learned=learned, around=around)
        beads += [Bead(tuple(zh_ids[i] for i in b.zh), tuple(en_ids[j] for j in b.en),
                       b.sim, b.length) for b in local]
    return beads, paras


def _local(beads: list[Bead], zh_ids: list[int], en_ids: list[int]) -> list[Bead] | None:
    """The earlier beads that fall inside this paragraph group, in its local ids (None when
    the group's paragraphs changed, so that no earlier path fits)."""
    zset, eset = set(zh_ids), set(en_ids)
    zpos = {g: k for k, g in enumerate(zh_ids)}
    epos = {g: k for k, g in enumerate(en_ids)}
    inside = [b for b in beads if set(b.zh) <= zset and set(b.en) <= eset
              and (b.zh or b.en) and (set(b.zh) & zset or set(b.en) & eset)]
    if sum(len(b.zh) for b in inside) != len(zh_ids) or \
            sum(len(b.en) for b in inside) != len(en_ids):
        return None
    return [Bead(tuple(zpos[i] for i in b.zh), tuple(epos[j] for j in b.en), b.sim, b.length)
            for b in inside]


def align_documents(zh_doc: Document, en_doc: Document, *, params: Params | None = None,
                    extras: Extras | None = None, second_pass: bool = True) -> Alignment:
    params = params or Params()
    extras = extras or Extras()
    if params.idf and not extras.word_weight:
        extras = replace(extras, word_weight=word_weights(en_doc.sentences))
    beads, paras = _pass(zh_doc, en_doc, params, extras, None, None)
    if not second_pass:
        return Alignment(beads, params, 0, paras)
    zh_side, en_side = _sides(zh_doc.sentences, en_doc.sentences, extras, None)
    tuned = reestimate(beads, zh_side, en_side, params)
    learned = learn_dictionary(beads, zh_side, en_side)
    first = Alignment(beads, params, 0, paras)
    beads, paras = _pass(zh_doc, en_doc, tuned, extras, learned, first)
    return Alignment(beads, tuned, sum(len(v) for v in learned.values()), paras)

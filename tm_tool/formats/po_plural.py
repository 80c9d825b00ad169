"""How a PO entry lives in the memory: the props that carry what a segment has no field for
(context, references, translator comments, flags), and plural entries, each form one segment
whose props say which entry and which form it is, so that an export puts the forms back
together (po.py reads them, po_writer.py writes them)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import Segment

GENERATOR = "tm_tool"
# Props through which a PO unit's context, references, translator comments and flags survive a
# trip through the store (the same names on export and import).
REFERENCE_PROP = "reference"
TRANSLATOR_COMMENT_PROP = "translator-comment"
FLAGS_PROP = "po-flags"
CONTEXT_PROP = "x-context"  # the entry's msgctxt (the name Translate Toolkit gives it)
PLURAL_FORM_PROP = "x-plural-form"  # n of msgstr[n]
MSGID_PROP = "x-msgid"  # the entry's msgid and msgid_plural, for every form
MSGID_PLURAL_PROP = "x-msgid-plural"


def plural_of(seg: Segment) -> tuple[int, str, str] | None:
    """(form n, msgid, msgid_plural) of a segment read from a plural PO entry, or None —
    also when its source is neither (the segment was reversed since)."""
    props = dict(seg.props or ())
    form, msgid, msgid_plural = (props.get(PLURAL_FORM_PROP), props.get(MSGID_PROP),
                                 props.get(MSGID_PLURAL_PROP))
    if form is None or not form.isdigit() or msgid is None or msgid_plural is None:
        return None
    if seg.source not in (msgid, msgid_plural):
        return None
    return int(form), msgid, msgid_plural


def plural_groups(segments: Iterable[Segment]) -> Iterator[list[Segment]]:
    """Segments in document order, the forms of one plural entry gathered into one list."""
    group: list[Segment] = []
    group_key: tuple | None = None
    for seg in segments:
        plural = plural_of(seg)
        key = None
        if plural:
            context = next((v for t, v in seg.props if t == CONTEXT_PROP), None)
            key = (seg.origin, seg.position, context, plural[1], plural[2])
        if group and (key is None or key != group_key
                      or plural[0] in {plural_of(f)[0] for f in group}):  # type: ignore[index]
            yield group
            group = []
        group.append(seg)
        group_key = key
        if key is None:
            yield group
            group = []
    if group:
        yield group

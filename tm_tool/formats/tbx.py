"""TBX glossaries: read TBX 2 (``martif``) and TBX v3 (``tbx``); write TBX-Basic as either.

OmegaT 3.6 rejects TBX v3 and Translate Toolkit reads only TBX 2, so ``--format tbx`` writes
TBX 2 ``martif``; ``--format tbx3`` writes TBX v3 (ISO 30042:2019) TBX-Basic in the DCA style
(``conceptEntry`` / ``langSec`` / ``termSec``), valid against the TBX v3 core RELAX NG.
Status comes from ``administrativeStatus`` (or ``normativeAuthorization``):
preferred / admitted / deprecated; superseded counts as deprecated. A term the file gives no
status is preferred when it is the first of its language in the entry, else admitted (a
concept has one preferred rendering). Languages are matched on their language subtag (zh-CN,
zh_CN, zh-Hans, ZH are all zh). TBX-Basic has no data category for case sensitivity, so the
glossary's ``case_sensitive`` travels as ``<termNote type="x-caseSensitive">yes|no</termNote>``
(a custom category, allowed by both cores).

Entity references: entities the file's internal DTD declares are expanded (``&dg;市`` with
``<!ENTITY dg "东莞">`` is 东莞市); an entity it does not declare (one from an external DTD,
which is never read, or an external entity) is refused, naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import etree

from .. import __version__, langtags
from ..errors import InputError
from ..fileio import atomic_write
from ..glossary import term_status
from ..model import Concept, Term
from .base import GlossaryFormat, ReadOptions, WriteOptions
from .xmlutil import XML_LANG, local, parse, text_of

TBX3_NS = "urn:iso:std:iso:30042:ed-2"
TO_TBX = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
          "deprecated": "deprecatedTerm-admn-sts"}
CASE_NOTE = "x-caseSensitive"
_YES_NO = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
_REFERENCE = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[^\s&;]+);")
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_MOST_EXPANDED = 100_000  # characters one reference may expand to (no "billion laughs")


def _lang(element: etree._Element) -> str | None:
    value = element.get(XML_LANG) or element.get("lang")
    return value.strip() if value else None


class TbxFormat(GlossaryFormat):
    name = "tbx"
    extensions = (".tbx",)
    description = "TBX-Basic (TBX 2 martif; TBX v3 read too)"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        probe = head.replace(b"\x00", b"")
        return b"<martif" in probe or b"<tbx" in probe

    def read(self, path: str | Path, options: ReadOptions) -> Iterator[Concept]:
        tree = parse(path, "TBX", options.encoding)
        _expand_entities(tree, path)
        root = tree.getroot()
        if local(root.tag) not in ("martif", "tbx"):
            raise InputError(f"not a TBX file (root element <{local(root.tag)}>)", path=path)
        wanted = {langtags.primary(t) for t in (options.src, options.tgt) if t}
        for number, entry in enumerate(
                (e for e in root.iter() if local(e.tag) in ("termEntry", "conceptEntry")), 1):
            concept = Concept(key=entry.get("id") or f"entry-{number}", line=entry.sourceline)
            for child in entry:
                name = local(child.tag)
                if name == "descrip" and child.get("type") == "definition":
                    concept.definition = text_of(child).strip() or None
                elif name == "note":
                    concept.note = text_of(child).strip() or None
                elif name in ("langSet", "langSec"):
                    self._lang_set(child, concept, wanted)
            if concept.terms:
                yield concept

    def _lang_set(self, lang_set: etree._Element, concept: Concept, wanted: set[str]) -> None:
        lang = _lang(lang_set)
        if not lang:
            return
        if wanted and langtags.is_valid(lang) and langtags.primary(lang) not in wanted:
            return
        tag = langtags.normalize(lang) if langtags.is_valid(lang) else lang
        for child in lang_set:
            name = local(child.tag)
            if name == "descrip" and child.get("type") == "definition" and not concept.definition:
                concept.definition = text_of(child).strip() or None
            if name in ("tig", "ntig", "termSec"):
                term = _term(child, name, concept, tag)
                if term is not None:
                    concept.terms.append(term)

    # What TBX 2 calls the parts of an entry (TBX v3 renames them: see Tbx3Format).
    NAMESPACE: str | None = None
    ENTRY, LANGUAGE, TERM_GROUP = "termEntry", "langSet", "tig"
    PROLOGUE = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n'
                '<martif type="TBX-Basic" xml:lang="en">\n<martifHeader><fileDesc><sourceDesc>'
                "<p>{generator}</p></sourceDesc></fileDesc></martifHeader>\n<text><body>\n")
    EPILOGUE = "</body></text>\n</martif>\n"

    def write(self, concepts: Iterable[Concept], path: str | Path, options: WriteOptions) -> int:
        count = 0
        generator = f"Exported by tm_tool {__version__} from its controlled glossary"
        with atomic_write(path, "wb") as out:
            out.write(self.PROLOGUE.format(generator=generator).encode("utf-8"))
            for concept in concepts:
                out.write(etree.tostring(self._entry(concept), encoding="utf-8"))
                out.write(b"\n")
                count += 1
            out.write(self.EPILOGUE.encode("utf-8"))
        return count

    def _entry(self, concept: Concept) -> etree._Element:
        def element(parent: etree._Element | None, name: str, text: str | None = None,
                    **attrs: str) -> etree._Element:
            tag = f"{{{self.NAMESPACE}}}{name}" if self.NAMESPACE else name
            node = etree.Element(tag, attrs, nsmap={None: self.NAMESPACE} if self.NAMESPACE
                                 else None) if parent is None \
                else etree.SubElement(parent, tag, attrs)
            node.text = text
            return node

        entry = element(None, self.ENTRY, id=_xml_id(concept.key))
        if concept.definition:
            element(entry, "descrip", concept.definition, type="definition")
        if concept.note:
            element(entry, "note", concept.note)
        for lang, terms in _by_language(concept).items():
            lang_set = element(entry, self.LANGUAGE, **{XML_LANG: lang})
            for term in terms:
                group = element(lang_set, self.TERM_GROUP)
                element(group, "term", term.text)
                element(group, "termNote", TO_TBX[term.status], type="administrativeStatus")
                if term.case_sensitive is not None:
                    element(group, "termNote", "yes" if term.case_sensitive else "no",
                            type=CASE_NOTE)
                if term.pos:
                    element(group, "termNote", term.pos, type="partOfSpeech")
                if term.note:
                    element(group, "note", term.note)
        return entry


class Tbx3Format(TbxFormat):
    """TBX v3 TBX-Basic (DCA style). Reading is :class:`TbxFormat`'s, which takes both."""

    name = "tbx3"
    extensions = ()
    description = "TBX v3 (ISO 30042:2019) TBX-Basic, DCA style"
    NAMESPACE = TBX3_NS
    ENTRY, LANGUAGE, TERM_GROUP = "conceptEntry", "langSec", "termSec"
    PROLOGUE = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<tbx xmlns="{TBX3_NS}" type="TBX-Basic" style="dca" xml:lang="en">\n'
                "<tbxHeader><fileDesc><sourceDesc><p>{generator}</p></sourceDesc></fileDesc>"
                "</tbxHeader>\n<text><body>\n")
    EPILOGUE = "</body></text>\n</tbx>\n"

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return False  # TbxFormat reads TBX v3 files


def _term(group: etree._Element, name: str, concept: Concept, tag: str) -> Term | None:
    """The term of a tig, ntig or termSec (None when it has no text). A term the file gives
    no status is preferred when it is the first of its language in the concept."""
    holder = group
    if name == "ntig":  # ntig/termGrp/term
        holder = next((c for c in group if local(c.tag) == "termGrp"), group)
    term_el = next((c for c in holder.iter() if local(c.tag) == "term"), None)
    if term_el is None or not text_of(term_el).strip():
        return None
    status, case, pos, notes = _term_notes(group)
    if status is None:
        status = "admitted" if concept.terms_in(tag, ("preferred",)) else "preferred"
    return Term(text=text_of(term_el).strip(), lang=tag, status=status, case_sensitive=case,
                pos=pos, note="\n".join(notes) or None)


def _term_notes(group: etree._Element) -> tuple[str | None, bool | None, str | None, list[str]]:
    """(status, case sensitivity, part of speech, notes) from a term group's termNotes/notes."""
    status, case, pos, notes = None, None, None, []
    for note in group.iter():
        kind = local(note.tag)
        value = text_of(note).strip()
        if kind == "note":
            if value:
                notes.append(value)
            continue
        if kind != "termNote":
            continue
        note_type = note.get("type")
        if note_type in ("administrativeStatus", "normativeAuthorization"):
            status = term_status(value) or status
        elif note_type == CASE_NOTE:
            case = _YES_NO.get(value.lower())
        elif note_type == "partOfSpeech":
            pos = value or None
    return status, case, pos, notes


def _by_language(concept: Concept) -> dict[str, list[Term]]:
    """A concept's terms per language, under the tag TBX files carry (zh-CN, en-US)."""
    by_lang: dict[str, list[Term]] = {}
    for term in concept.terms:
        by_lang.setdefault(langtags.for_export(term.lang) if langtags.is_valid(term.lang)
                           else term.lang, []).append(term)
    return by_lang


def _xml_id(key: str) -> str:
    """termEntry ids are XML IDs: they must start with a letter or underscore."""
    return key if key[:1].isalpha() or key[:1] == "_" else f"c-{key}"


def _expand_entities(tree: etree._ElementTree, path: str | Path) -> None:
    """Replace entity references by their text (the parser leaves them as nodes, so that no
    external entity is ever loaded); refuse the ones the internal DTD does not declare."""
    dtd = tree.docinfo.internalDTD
    declared = {e.name: e for e in dtd.iterentities()} if dtd is not None else {}
    for node in list(tree.getroot().iter(etree.Entity)):
        text = _entity_text(node.name, declared, path, node.sourceline) + (node.tail or "")
        parent, before = node.getparent(), node.getprevious()
        if before is not None:
            before.tail = (before.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(node)


def _entity_text(name: str, declared: dict, path: str | Path, line: int | None,
                 depth: int = 0) -> str:
    if name in _PREDEFINED:
        return _PREDEFINED[name]
    if name.startswith("#"):
        return chr(int(name[2:], 16) if name[1:2] in "xX" else int(name[1:]))
    entity = declared.get(name)
    if entity is None or entity.content is None:
        why = "an external entity (never loaded)" if entity is not None else \
            "not declared in the file's internal DTD (external DTDs are not read)"
        raise InputError(f"entity &{name}; is {why}", path=path, line=line)
    if depth > 8 or "<" in entity.content:
        raise InputError(f"entity &{name}; nests too deep or holds markup", path=path,
                         line=line)
    text = _REFERENCE.sub(lambda m: _entity_text(m.group(1), declared, path, line, depth + 1),
                          entity.content)
    if len(text) > _MOST_EXPANDED:
        raise InputError(f"entity &{name}; expands to over {_MOST_EXPANDED} characters",
                         path=path, line=line)
    return text

"""Shared helpers for the lxml-based readers (XLIFF, TBX)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import InputError


def local(tag: object) -> str:
    """Element name without namespace ('{urn:…}term' -> 'term'); '' for comments/PIs."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def parse(path: str | Path, what: str) -> etree._ElementTree:
    """Parse a whole XML file (glossaries and XLIFF files are small), with clear errors."""
    try:
        if Path(path).stat().st_size == 0:
            raise InputError(f"empty file: no {what} content", path=path)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        return etree.parse(str(path), parser)
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise InputError(f"not well-formed XML: {exc.msg}", path=path, line=line) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc}", path=path) from None


def text_of(element: etree._Element, skip: frozenset[str] = frozenset()) -> str:
    """Text content, leaving out (the content of) elements named in ``skip``."""
    parts = [element.text or ""]
    for child in element:
        if local(child.tag) not in skip:
            parts.append(text_of(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def inner_xml(element: etree._Element) -> str | None:
    """The element's content as XML (namespaces dropped), or None when it has no child."""
    if len(element) == 0:
        return None
    clone = etree.fromstring(etree.tostring(element))
    for node in clone.iter():
        if isinstance(node.tag, str):
            node.tag = local(node.tag)
    etree.cleanup_namespaces(clone)
    text = etree.tostring(clone, encoding="unicode", with_tail=False)
    start, end = text.index(">") + 1, text.rindex("</")
    return text[start:end]

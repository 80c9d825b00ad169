"""What the XML formats share: the ``xml:`` namespace, escaping, and the lxml readers'
(XLIFF, TBX) parsing and walking.

Walks are iterative (an explicit stack), never recursive: libxml2 accepts 2,048 levels of nesting
with ``huge_tree``, deeper than Python's recursion limit, and a hostile or broken file must end
in a one-line refusal, not a RecursionError.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..fileio import Encoding, decode_as, read_bytes, read_head, sniff_encoding

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"  # xml:lang as lxml names it
XML_SPACE = f"{{{XML_NS}}}space"
_XML_PREFIX = f"{{{XML_NS}}}"
_ATTR_SPECIAL = re.compile('[&<>\r"\t\n]')


def escape_text(text: str) -> str:
    """Text as XML character data: &, <, > and CR escaped (a raw CR would read back as LF)."""
    if "&" not in text and "<" not in text and ">" not in text and "\r" not in text:
        return text  # most text: four scans in C instead of four copies
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def quote_attr(text: str) -> str:
    """An attribute value, quoted; tab and line breaks escaped so that they read back."""
    if not _ATTR_SPECIAL.search(text):
        return f'"{text}"'
    return '"' + (escape_text(text).replace('"', "&quot;").replace("\t", "&#9;")
                  .replace("\n", "&#10;")) + '"'


def local(tag: object) -> str:
    """Element name without namespace ('{urn:…}term' -> 'term'); '' for comments/PIs.

    A name that still has a prefix ('x:b') used a prefix no xmlns declares: libxml2 lets
    that through (with a warning), but it is not namespace-well-formed XML.
    """
    if not isinstance(tag, str):
        return ""
    name = tag.rpartition("}")[2]
    if ":" in name:
        raise InputError(f"not well-formed XML: the prefix of <{name}> is not declared "
                         f"(no xmlns:{name.partition(':')[0]})")
    return name


def one_line(message: str) -> str:
    """A libxml2 message as one line: it may carry a newline and an echo of the source."""
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


def syntax_error(exc: etree.XMLSyntaxError, path: str | Path) -> InputError:
    return InputError(f"not well-formed XML: {one_line(exc.msg or str(exc))}", path=path,
                      line=exc.lineno or None)


def needs_transcoding(head: bytes, override: str | None) -> Encoding | None:
    """The encoding to decode a file with in Python, when libxml2 must not be left to do it:
    --encoding decides, or the file is UTF-32 (libxml2 misreads it after a BOM). None:
    libxml2 reads the file itself, by the same rule (BOM, UTF-16 pattern, declaration)."""
    found = sniff_encoding(head[:4], override=override)
    return found if found.origin == "option" or found.name.startswith("utf-32") else None


def parse(path: str | Path, what: str, encoding: str | None = None) -> etree._ElementTree:
    """Parse a whole XML file (glossaries are small), with clear errors; ``encoding``
    (--encoding) overrides the file's own."""
    try:
        if Path(path).stat().st_size == 0:
            raise InputError(f"empty file: no {what} content", path=path)
        transcode = needs_transcoding(read_head(path, 4), encoding)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                                 encoding="utf-8" if transcode else None)
        if transcode is None:
            return etree.parse(str(path), parser)
        text = decode_as(read_bytes(path)[transcode.bom:], path, transcode.name)
        return etree.parse(io.BytesIO(text.encode("utf-8")), parser)
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except etree.XMLSyntaxError as exc:
        raise syntax_error(exc, path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc}", path=path) from None


def _checked_name(node: etree._Element) -> str:
    try:
        return local(node.tag)
    except InputError as exc:
        exc.line = node.sourceline
        raise


def walk(element: etree._Element) -> Iterator[tuple[bool, etree._Element]]:
    """(opening?, node) for every node below ``element`` in document order, without recursion.
    An element opens, then its content follows, then it closes; a comment, processing
    instruction or entity reference opens and closes at once."""
    stack: list[tuple[etree._Element, Iterator[etree._Element]]] = [(element, iter(element))]
    while stack:
        parent, children = stack[-1]
        node = next(children, None)
        if node is None:
            stack.pop()
            if stack:
                yield False, parent
            continue
        yield True, node
        if isinstance(node.tag, str) and len(node):
            stack.append((node, iter(node)))
        else:
            yield False, node


def text_of(element: etree._Element, skip: frozenset[str] = frozenset()) -> str:
    """Text content, leaving out (the content of) elements named in ``skip``."""
    if not skip or next(element.iterdescendants(*(f"{{*}}{name}" for name in skip)),
                        None) is None:
        # lxml's own walk, in C: readers call this on every element of a deep chain
        return "".join(element.itertext())  # (an unresolved entity reads as '&name;')
    parts = [element.text or ""]
    skipping = 0  # depth inside a skipped element
    for opening, node in walk(element):
        is_element = isinstance(node.tag, str)
        if opening:
            if skipping or (is_element and _checked_name(node) in skip):
                skipping += 1
            elif is_element or node.tag is etree.Entity:  # a comment's text is not text
                parts.append(node.text or "")  # (an unresolved entity reads as '&name;')
            continue
        if skipping:
            skipping -= 1
        if not skipping:
            parts.append(node.tail or "")
    return "".join(parts)


def _attribute_name(key: str) -> str:
    if key.startswith(_XML_PREFIX):
        return "xml:" + key[len(_XML_PREFIX):]
    return key.rpartition("}")[2]


def inner_xml(element: etree._Element) -> str | None:
    """The element's content as XML (namespaces dropped), or None when it has no child."""
    if len(element) == 0:
        return None
    parts = [escape_text(element.text or "")]
    for opening, node in walk(element):
        if not isinstance(node.tag, str):  # comment, PI, entity reference: as written
            if opening:
                parts.append(etree.tostring(node, encoding="unicode", with_tail=False))
            else:
                parts.append(escape_text(node.tail or ""))
            continue
        name = _checked_name(node)
        if opening:
            attrs = "".join(f" {_attribute_name(k)}={quote_attr(v)}"
                            for k, v in node.attrib.items())
            empty = len(node) == 0 and not node.text
            parts.append(f"<{name}{attrs}/>" if empty
                         else f"<{name}{attrs}>{escape_text(node.text or '')}")
        else:
            if len(node) or node.text:
                parts.append(f"</{name}>")
            parts.append(escape_text(node.tail or ""))
    return "".join(parts)

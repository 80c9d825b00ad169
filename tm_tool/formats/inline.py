"""Inline codes between formats: stored markup (as imported: XLIFF g/x/bx/ex/ph/bpt/ept/it/mrk
or TMX bpt/ept/it/ph/hi/ut/sub) written as valid TMX 1.4b codes, or as PO text.

The store keeps markup as the file had it; the writers translate it here, in one place.

TMX 1.4b (the DTD): ``bpt i``/``ept i`` pair by ``i``, ``it`` needs ``pos`` (begin|end), ``ph``
and ``it`` take ``x``; code elements hold only the native code text (and ``sub``), ``hi``
holds text and codes. XLIFF's code-less elements are turned into codes whose native text is
the XLIFF tag itself, as Okapi's XLIFF→TMX step does: ``<g id="1">…</g>`` becomes
``<bpt i="1" x="1">&lt;g id="1"&gt;</bpt>…<ept i="1">&lt;/g&gt;</ept>``, ``<x/>`` a ``ph``,
``<bx/>``/``<ex/>`` an ``it``, ``<mrk>`` a ``hi``.

PO has no codes, so they are written as text a translator can keep in the translation: the
native code where the file had one (``<ph>&lt;b&gt;</ph>`` → ``<b>``), else a numbered
placeholder ``{1}``…``{/1}`` (g) or ``{1}`` (x, bx, ex), the same on both sides of a unit.
"""

from __future__ import annotations

from lxml import etree

from .xmlutil import escape_text, local, quote_attr, walk

CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})  # hold native code text
# attributes the TMX 1.4b DTD allows on each inline element
_TMX_ATTRS = {"bpt": ("i", "x", "type"), "ept": ("i",), "ph": ("x", "assoc", "type"),
              "it": ("pos", "x", "type"), "hi": ("x", "type"), "ut": ("x",),
              "sub": ("datatype", "type")}
_IT_POS = {"open": "begin", "close": "end", "begin": "begin", "end": "end"}


def _parse(markup: str) -> etree._Element | None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(f"<r>{markup}</r>", parser)
    except etree.XMLSyntaxError:
        return None


def _esc(text: str | None) -> str:
    return escape_text(text or "")


def _tag(node: etree._Element, *, close: bool = False) -> str:
    """The element's own tag as it was written (namespaces dropped): native code text."""
    name = local(node.tag)
    if close:
        return f"</{name}>"
    attrs = "".join(f" {k.rpartition('}')[2]}={quote_attr(v)}" for k, v in node.attrib.items())
    empty = len(node) == 0 and not node.text
    return f"<{name}{attrs}{'/' if empty else ''}>"


def _open(name: str, attrs: dict[str, str | None]) -> str:
    allowed = _TMX_ATTRS[name]
    return "<" + name + "".join(f" {k}={quote_attr(v)}" for k, v in attrs.items()
                                if v is not None and k in allowed) + ">"


class _Numbers:
    """TMX ``i`` values for the pairs made from g elements: not one an existing code uses."""

    def __init__(self, root: etree._Element) -> None:
        self.used = {n.get(k) for n in root.iter() if local(n.tag) in ("bpt", "ept")
                     for k in ("i", "rid", "id") if n.get(k)}
        self.next = 0

    def new(self) -> str:
        self.next += 1
        while str(self.next) in self.used:
            self.next += 1
        return str(self.next)


def to_tmx(markup: str) -> str | None:
    """Stored markup as TMX 1.4b seg content; None when it is not well-formed XML (the caller
    then writes the plain text)."""
    root = _parse(markup)
    if root is None:
        return None
    numbers = _Numbers(root)
    parts = [_esc(root.text)]
    closing: list[tuple[str, bool]] = []  # what to write when the element ends; inside a code?
    for opening, node in walk(root):
        if not isinstance(node.tag, str):
            if not opening:
                parts.append(_esc(node.tail))
            continue
        in_code = bool(closing) and closing[-1][1]
        if not opening:
            end, _ = closing.pop()
            parts.append(end)
            parts.append(_esc(node.tail))
            continue
        name = local(node.tag)
        text = _esc(node.text)
        if in_code and name != "sub":  # markup inside native code is code text
            parts.append(_esc(_tag(node)) + text)
            closing.append((_esc(_tag(node, close=True)) if len(node) or node.text else "",
                            True))
            continue
        opened, closed, code = _tmx_code(node, name, text, numbers)
        parts.append(opened)
        closing.append((closed, code))
    return "".join(parts)


def _tmx_code(node: etree._Element, name: str, text: str, numbers: _Numbers
              ) -> tuple[str, str, bool]:
    """How an element of stored markup opens and closes in TMX 1.4b, and whether its content
    is native code."""
    ident, rid = node.get("x") or node.get("id"), node.get("i") or node.get("rid")
    kind = node.get("type") or node.get("ctype")
    if name in ("bpt", "ept"):
        return (_open(name, {"i": rid or ident or numbers.new(), "x": ident, "type": kind})
                + text, f"</{name}>", True)
    if name in ("ph", "ut", "it"):
        pos = _IT_POS.get(node.get("pos") or "", "begin")
        return (_open(name, {"x": ident, "pos": pos, "assoc": node.get("assoc"),
                             "type": kind}) + text, f"</{name}>", True)
    if name == "sub":
        return _open("sub", dict(node.attrib)) + text, "</sub>", False
    if name in ("hi", "mrk"):
        return (_open("hi", {"x": node.get("x"), "type": node.get("type") or node.get("mtype")})
                + text, "</hi>", False)
    if name in ("bx", "ex"):
        pos = "begin" if name == "bx" else "end"
        return _open("it", {"pos": pos, "x": ident}) + _esc(_tag(node)) + text, "</it>", False
    if len(node) == 0 and not node.text:  # x, or any other empty element
        return _open("ph", {"x": ident}) + _esc(_tag(node)) + "</ph>", "", False
    # g, or any other element with content: a bpt/ept pair around it
    i = numbers.new()
    return (_open("bpt", {"i": i, "x": ident}) + _esc(_tag(node)) + "</bpt>" + text,
            _open("ept", {"i": i}) + _esc(_tag(node, close=True)) + "</ept>", False)


def to_text(markup: str, fallback: str) -> str:
    """Stored markup as plain text with its codes kept (for PO); ``fallback`` (the plain
    text) when the markup is not well-formed XML."""
    root = _parse(markup)
    if root is None:
        return fallback
    parts = [root.text or ""]
    closing: list[tuple[str, bool]] = []  # what ends the element; its content is code?
    for opening, node in walk(root):
        if not isinstance(node.tag, str):
            if not opening:
                parts.append(node.tail or "")
            continue
        if not opening:
            parts.append(closing.pop()[0])
            parts.append(node.tail or "")
            continue
        name = local(node.tag)
        ident = (node.get("rid") if name in ("bx", "ex") else None) or node.get("x") \
            or node.get("id") or node.get("i") or node.get("rid") or ""
        in_code = bool(closing) and closing[-1][1]
        has_code = bool(node.text) or len(node) > 0
        if in_code or (name in CODES and has_code):  # the native code, as the file has it
            parts.append(node.text or "")
            closing.append(("", True))
        elif name in CODES or name in ("x", "bx"):
            parts.append(f"{{{ident}}}")
            closing.append(("", False))
        elif name == "ex":
            parts.append(f"{{/{ident}}}")
            closing.append(("", False))
        elif name in ("hi", "mrk", "sub"):  # text
            parts.append(node.text or "")
            closing.append(("", False))
        else:  # g or any element around text
            parts.append(f"{{{ident}}}" + (node.text or ""))
            closing.append((f"{{/{ident}}}", False))
    return "".join(parts)

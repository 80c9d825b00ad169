"""Inline codes of a segment, as the tag checks compare them.

Two sources of codes:

* **Inline elements** kept by the TMX and XLIFF readers as markup (the inner XML of ``<seg>``,
  ``<source>``, ``<target>``): TMX ``bpt/ept/it/ph/ut/hi``, XLIFF ``g/x/bx/ex/ph/bpt/ept/it``.
* **Markup written as text** (PO, TSV, and XLIFF or TMX text with escaped tags): HTML/XML tags
  such as ``<strong>``, ``</a>``, ``<br/>``. A ``<…>`` counts as a tag only when it is an HTML
  element, has attributes, or is a closing or empty-element tag: ``<COMMAND>`` in a usage line
  and ``<name@example.com>`` are text.

Each code has an identity (what it is: element, id, native content), a kind (open, close,
single) and, for open/close codes, a partner. Identity never uses TMX's ``i``, which only pairs
``bpt``/``ept`` within one side and may be renumbered in the other language.

RTF codes (``{\\b }``, ``{\\f2\\cf17 }``, converted from RTF/Word by Trados-era tools) are
formatting runs, not structure: a translation splits and reorders runs as its word order needs,
and CJK text gets font switches of its own. So RTF runs are compared as the set of formatting
they apply (each combination of bold, colour, size…: a run whose combination the other side
never uses is a changed code) and font switches carry no meaning at all.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from lxml import etree

OPEN, CLOSE, SINGLE = "open", "close", "single"

# HTML elements (a text tag with one of these names is markup even without attributes)
HTML_ELEMENTS = frozenset("""
a abbr address area article aside audio b bdi bdo big blockquote body br button caption center
cite code col colgroup dd del details dfn div dl dt em embed fieldset figcaption figure font
footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins kbd label legend li link
main mark meta nav noscript object ol optgroup option p param picture pre q rp rt ruby s samp
script section select small source span strike strong style sub summary sup svg table tbody td
template textarea tfoot th thead time title tr track tt u ul var video wbr
""".split())
_TEXT_TAG = re.compile(r"<(/?)([A-Za-z][\w.:-]*)((?:\s+[^<>]*?)?)\s*(/?)>")
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
# attributes whose value is text for the reader, translated with the sentence
TRANSLATABLE_ATTRIBUTES = frozenset({"alt", "title", "placeholder", "aria-label", "label",
                                     "summary", "abbr"})
# a "<" that starts a tag but never ends it: "<b>OK</b continue"
_BROKEN_TAG = re.compile(r"(</?([A-Za-z][\w.:-]*))(?:\s[^<>]*)?(?=<|$)")

# RTF control words that only pick a font, a language or a revision id: CJK text in a
# translation gets font switches ({\f4 …}) the source never had, and they mean nothing.
_RTF_CODE = re.compile(r"^\s*(\{?\\[a-z]|\}\s*$)")
_RTF_WORD = re.compile(r"\\([a-z]+)(-?\d+)? ?")
RTF_NEUTRAL = frozenset({"f", "af", "dbch", "hich", "loch", "lang", "langfe", "langnp",
                         "langfenp", "alang", "cgrid", "insrsid", "charrsid", "rtlch", "ltrch",
                         "kerning", "noproof"})
_RTF_NAMES = {"b": "bold", "i": "italic", "ul": "underline", "cf": "colour", "fs": "font size",
              "afs": "font size", "super": "superscript", "sub": "subscript",
              "strike": "strike-through", "highlight": "highlight"}

_PAIRED = {"bpt": OPEN, "ept": CLOSE, "bx": OPEN, "ex": CLOSE}
_SINGLES = frozenset({"ph", "x", "ut", "it"})
_WRAPPERS = frozenset({"g", "hi"})  # elements whose content is text between an open and a close
_SKIPPED = frozenset({"mrk", "sub"})  # annotations and sub-flows: not codes of the segment


@dataclass(frozen=True)
class Code:
    """One inline code. ``key`` is its identity; a close code's key is its open's key."""

    kind: str
    key: tuple
    shown: str  # how a message names it: "<b>", "</a>", "{\\b }", '<x id="5"/>'
    pair: int | None = None  # index of the partner code on the same side, when paired


@dataclass
class Codes:
    """The codes of one side of a segment."""

    codes: list[Code]
    formatting: frozenset[str] = frozenset()  # RTF formatting runs applied ("\\b\\cf17")
    broken: list[str] | None = None  # text tags opened but never ended ("</b")
    unpaired: list[str] | None = None  # closes before their opens, opens never closed


def rtf_formatting(content: str) -> frozenset[str] | None:
    """The meaningful control words of an RTF code ({\\f2\\b } → {"b"}), or None when the
    code is not RTF."""
    if not _RTF_CODE.match(content):
        return None
    return frozenset(word + (value or "") for word, value in _RTF_WORD.findall(content)
                     if word not in RTF_NEUTRAL)


def describe_rtf(run: str) -> str:
    """How a message names a run: {\\b\\cf17 } (bold, colour)."""
    labels = [_RTF_NAMES.get(re.sub(r"-?\d+$", "", word)) for word in run.split("\\")[1:]]
    known = [label for label in labels if label]
    return "{" + run + " }" + (f" ({', '.join(known)})" if known else "")


# --- inline elements ----------------------------------------------------------------------

def element_codes(markup: str | None) -> Codes:
    """The codes of TMX/XLIFF inline markup (None: plain text, no codes)."""
    if not markup:
        return Codes([])
    try:
        root = etree.fromstring(f"<r>{markup}</r>",
                                etree.XMLParser(resolve_entities=False, recover=True))
    except etree.XMLSyntaxError:
        return Codes([])
    if root is None:
        return Codes([])
    reader = _ElementReader()
    reader.walk(root)
    return reader.result()


class _ElementReader:
    def __init__(self) -> None:
        self.codes: list[Code] = []
        self.formatting: set[str] = set()
        self.pending: dict[tuple[str, str], list[int]] = {}  # (family, i/rid) -> indexes
        self.rtf_seen: dict[str, list[tuple[str, str]]] = {}  # RTF bpt/ept by i, in order

    def walk(self, element: etree._Element) -> None:
        for child in element:
            if isinstance(child.tag, str):
                self.element(child)

    def element(self, el: etree._Element) -> None:
        name = etree.QName(el).localname
        content = "".join(el.itertext()) if name in ("bpt", "ept", "ph", "it", "ut") else ""
        ident = el.get("id") or el.get("x")  # XLIFF id, TMX x: the same code in both languages
        if name in _SKIPPED:
            if name == "mrk":
                self.walk(el)
            return
        if name in _WRAPPERS:
            key = (name, ident, el.get("type") or el.get("ctype"))
            start = self._add(Code(OPEN, key, _show(name, el.attrib, close=False)))
            self.walk(el)
            self._add(Code(CLOSE, key, f"</{name}>", pair=start))
            self.codes[start] = _with_pair(self.codes[start], len(self.codes) - 1)
            return
        formatting = rtf_formatting(content) if content else None
        if formatting is not None and name in ("bpt", "ept", "it"):
            # a formatting run: what it applies counts, not where (see above)
            if formatting:
                self.formatting.add("".join(f"\\{word}" for word in sorted(formatting)))
            if el.get("i") and name != "it":
                self.rtf_seen.setdefault(el.get("i"), []).append((name, content))
            return
        if formatting is not None and not formatting:
            return  # a font switch written as a placeholder
        shown = _show_native(name, ident, content) if content else _show(name, el.attrib, False)
        kind = _PAIRED.get(name, SINGLE)
        pairing = (el.get("i") or el.get("rid")) if kind != SINGLE else None
        key = (name, ident, content.strip() or el.get("type") or el.get("ctype"))
        if pairing is None:  # a placeholder, or a bpt/bx without its partner's reference
            self._add(Code(SINGLE, (*key, el.get("pos")) if name == "it" else key, shown))
            return
        family = "bx" if name in ("bx", "ex") else "bpt"
        index = self._add(Code(kind, key, shown))
        self.pending.setdefault((family, pairing), []).append(index)

    def _add(self, code: Code) -> int:
        self.codes.append(code)
        return len(self.codes) - 1

    def result(self) -> Codes:
        """Pairs opens and closes by i/rid, whatever their order (an ept before its bpt is
        a reversed pair, which the order check reports)."""
        unpaired: list[str] = []
        for indexes in self.pending.values():
            opens = [i for i in indexes if self.codes[i].kind == OPEN]
            closes = [i for i in indexes if self.codes[i].kind == CLOSE]
            for start, end in zip(opens, closes, strict=False):
                opened, closed = self.codes[start], self.codes[end]
                self.codes[start] = _with_pair(opened, end)
                self.codes[end] = Code(CLOSE, (*opened.key, "end", closed.key[2]), closed.shown,
                                       start)
            unpaired += [self.codes[i].shown for i in opens[len(closes):] + closes[len(opens):]]
        for seen in self.rtf_seen.values():
            if [name for name, _ in seen] != ["bpt", "ept"]:  # an ept first, or one alone
                unpaired.append("…".join(content.strip() or "}" for _, content in seen))
        return Codes(self.codes, frozenset(self.formatting), unpaired=unpaired or None)


def _with_pair(code: Code, pair: int) -> Code:
    return Code(code.kind, code.key, code.shown, pair)


def _show_native(name: str, ident: str | None, content: str) -> str:
    """A native code as a message shows it: "<b>", or "<bpt id="3">code</bpt>" when its
    content is not markup a reader recognises."""
    code = html.unescape(content).strip()
    if not code.startswith(("<", "{", "\\", "&")):
        code = f"<{name}>{code}</{name}>"
    return f"{code} ({name} id {ident})" if ident else code


def _show(name: str, attrs, close: bool) -> str:
    shown = "".join(f' {k}="{v}"' for k, v in attrs.items() if k in ("id", "rid", "type", "x"))
    return f"</{name}>" if close else f"<{name}{shown}/>" if name in ("x", "bx", "ex", "ph") \
        else f"<{name}{shown}>"


# --- markup written as text ---------------------------------------------------------------

# TMX/XLIFF inline elements written out as text (a TMX unit pasted into a TSV or PO file)
_INLINE_AS_TEXT = re.compile(r"<(bpt|ept|ph|it|ut)\b[^<>]*>.*?</\1>|<(?:x|bx|ex|ph|it)\b[^<>]*/>"
                             r"|</?(?:g|hi)\b[^<>]*>", re.S)


def inline_written_as_text(text: str) -> tuple[str | None, str]:
    """(the TMX/XLIFF inline elements written in a text, as markup, or None; the rest of the
    text), so that `<bpt i="1">{\\b </bpt>` in a TSV cell is read as the code it is."""
    if "<" not in text or not _INLINE_AS_TEXT.search(text):
        return None, text
    return text, _INLINE_AS_TEXT.sub(" ", text)


def text_codes(text: str) -> Codes:
    """HTML/XML tags written in a text, paired open/close by name, innermost first."""
    if "<" not in text:
        return Codes([])
    codes: list[Code] = []
    stack: list[tuple[str, int]] = []
    unpaired: list[str] = []
    for m in _TEXT_TAG.finditer(text):
        if not _is_markup(m):
            continue  # <COMMAND>, <original entry>: text in angle brackets
        slash, name, attrs, empty = m.groups()
        lowered = name.lower()
        shown = m.group()
        if slash:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == lowered:
                    start = stack[depth][1]
                    del stack[depth]
                    opened = codes[start]
                    codes.append(Code(CLOSE, ("/" + lowered,), shown, pair=start))
                    codes[start] = _with_pair(opened, len(codes) - 1)
                    break
            else:
                unpaired.append(shown)
                codes.append(Code(CLOSE, ("/" + lowered,), shown))
            continue
        kept = tuple(sorted((k.lower(), v.strip("\"'")) for k, v in _ATTRIBUTE.findall(attrs)
                            if k.lower() not in TRANSLATABLE_ATTRIBUTES))
        if empty or lowered in ("br", "hr", "img", "input", "meta", "link", "wbr"):
            codes.append(Code(SINGLE, (lowered, kept, "/"), shown))
        else:
            stack.append((lowered, len(codes)))
            codes.append(Code(OPEN, (lowered, kept), shown))
    broken = [m.group(1) for m in _BROKEN_TAG.finditer(_TEXT_TAG.sub(" ", text))
              if m.group(2).lower() in HTML_ELEMENTS]
    return Codes(codes, broken=broken or None, unpaired=unpaired or None)


def without_tags(text: str) -> str:
    """The text with its markup tags (as :func:`text_codes` reads them) replaced by spaces."""
    if "<" not in text:
        return text

    return _TEXT_TAG.sub(lambda m: " " if _is_markup(m) else m.group(), text)


def _is_markup(m: re.Match[str]) -> bool:
    slash, name, attrs, empty = m.groups()
    return "@" not in name and bool(name.lower() in HTML_ELEMENTS or "=" in attrs or slash
                                    or empty)

"""Pre-translation patches for gettext PO: fill msgstr (and msgstr[n]) in the original text.

The file is split into entries by keyword lines (gettext's grammar: comments, msgctxt,
msgid, msgid_plural, msgstr / msgstr[n], each followed by continuation strings); each
keyword's span in the text is kept, so a fill rewrites only that entry's msgstr lines, its
flags line (``#, fuzzy`` added or removed) and one translator comment (``# tm: fuzzy 87% …``).
Obsolete entries (``#~``) and the header are never filled. Plural entries follow po.py's rule:
msgstr[0] translates msgid, the others msgid_plural; with one plural form (nplurals=1: Chinese)
msgstr[0] translates msgid_plural.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .patch_base import Decoded, Edit, Fill, Slot, Unit, decode_file, newline_of

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]*(\".*)$")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_UNESCAPE = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
             "f": "\f", "v": "\v"}
_CHARSET = re.compile(rb"charset=([A-Za-z0-9._-]+)")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def unescape(body: str) -> str:
    return re.sub(r"\\(.)", lambda m: _UNESCAPE.get(m.group(1), m.group(1)), body)


def quoted(text: str) -> str:
    body = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\t", "\\t").replace("\r", "\\r"))
    return f'"{body}"'


@dataclass
class _Field:
    name: str  # msgctxt, msgid, msgid_plural, msgstr, msgstr[0] …
    start: int  # offset of the keyword line
    end: int  # offset after its last string line (before the line break)
    value: str = ""


@dataclass
class _Entry:
    start: int
    line: int
    fields: dict[str, _Field] = field(default_factory=dict)
    # (start, end before the line break, the line, start of the next line)
    comments: list[tuple[int, int, str, int]] = field(default_factory=list)
    obsolete: bool = False

    def value(self, name: str) -> str | None:
        found = self.fields.get(name)
        return None if found is None else found.value

    @property
    def msgstrs(self) -> list[str]:
        return sorted((n for n in self.fields if n.startswith("msgstr")),
                      key=lambda n: int(n[7:-1]) if "[" in n else 0)


class _Parser:
    """Entries with the spans of their keywords and comments."""

    def __init__(self, text: str, path: str | Path) -> None:
        self.text, self.path = text, path
        self.entries: list[_Entry] = []
        self.current: _Entry | None = None
        self.last: _Field | None = None
        self.next_line = 0

    def parse(self) -> list[_Entry]:
        offset = 0
        for number, raw in enumerate(self.text.split("\n"), 1):
            self.next_line = offset + len(raw) + 1
            self._line(raw.rstrip("\r"), offset, number)
            offset = self.next_line
        return self.entries

    def _begin(self, offset: int, number: int) -> _Entry:
        if self.current is None or self.current.msgstrs:
            self.current = _Entry(offset, number)
            self.entries.append(self.current)
        return self.current

    def _line(self, line: str, offset: int, number: int) -> None:
        stripped = line.strip()
        if not stripped:
            self.current, self.last = None, None
        elif stripped.startswith("#~"):
            self._begin(offset, number).obsolete = True
        elif stripped.startswith("#"):
            self._begin(offset, number).comments.append((offset, offset + len(line), stripped,
                                                         self.next_line))
            self.last = None
        elif stripped.startswith('"') and self.last is not None:
            self.last.value += self._strings(stripped, number)
            self.last.end = offset + len(line)
        else:
            self._keyword(stripped, line, offset, number)

    def _keyword(self, stripped: str, line: str, offset: int, number: int) -> None:
        match = _KEYWORD.match(stripped)
        if match is None:
            raise InputError(f"not PO syntax: {stripped[:40]!r}", path=self.path, line=number)
        name = match.group(1)
        entry = self.current if self.current is not None and not (
            name in ("msgctxt", "msgid") and self.current.msgstrs) else None
        entry = entry or self._begin(offset, number)
        self.last = entry.fields[name] = _Field(name, offset, offset + len(line),
                                                self._strings(match.group(3), number))

    def _strings(self, text: str, number: int) -> str:
        found = _STRING.findall(text)
        if not found:
            raise InputError("a PO string must be quoted", path=self.path, line=number)
        return "".join(unescape(s) for s in found)


class PoPatch:
    """A PO file's units and the edits that fill them."""

    def __init__(self, data: bytes, path: str | Path) -> None:
        declared = _CHARSET.search(data[:8192])
        charset = declared.group(1).decode("ascii").lower() if declared else None
        self.decoded: Decoded = decode_file(data, path, None if charset == "charset" else
                                            charset)
        text = self.decoded.text
        self.newline = newline_of(text)
        entries = _Parser(text, path).parse()
        header = next((e for e in entries if e.value("msgid") == "" and not e.obsolete
                       and "msgctxt" not in e.fields), None)
        meta = header.value("msgstr") or "" if header else ""
        language = re.search(r"^Language:\s*(\S*)", meta, re.MULTILINE)
        self.target_lang = language.group(1).replace("_", "-") if language else None
        self.source_lang = None
        plurals = _NPLURALS.search(meta)
        self.one_form = plurals is not None and plurals.group(1) == "1"
        self.entries = [e for e in entries if e is not header and not e.obsolete
                        and e.value("msgid") is not None and e.msgstrs]
        self.units = [self._unit(e) for e in self.entries]

    def _unit(self, entry: _Entry) -> Unit:
        msgid, plural = entry.value("msgid") or "", entry.value("msgid_plural")
        slots = []
        for name in entry.msgstrs:
            form = int(name[7:-1]) if "[" in name else 0
            source = msgid if plural is None or (form == 0 and not self.one_form) else plural
            slots.append(Slot(source, entry.fields[name].value))
        context = entry.value("msgctxt")
        key = f"{context}|{msgid}" if context is not None else msgid
        return Unit(key=key[:80], line=entry.line, slots=slots)

    def edits(self, index: int, fills: list[Fill | None]) -> list[Edit]:
        """The edits that write ``fills`` (one per slot, None: keep) into entry ``index``."""
        entry = self.entries[index]
        edits: list[Edit] = []
        for name, fill in zip(entry.msgstrs, fills, strict=True):
            if fill is not None:
                found = entry.fields[name]
                edits.append((found.start, found.end, self._msgstr(name, fill.text)))
        done = [f for f in fills if f is not None]
        if not done:
            return edits
        review = [f for f in done if not f.final]
        if review:  # the translator comment comes first in gettext's order
            comment = "; ".join(dict.fromkeys(f.comment() for f in review))
            edits.insert(0, (entry.start, entry.start, f"# {comment}{self.newline}"))
        return edits + self._flags(entry, fuzzy=bool(review))

    def _msgstr(self, name: str, text: str) -> str:
        if "\n" not in text.rstrip("\n"):
            return f"{name} {quoted(text)}"
        lines = re.findall(r"[^\n]*\n|[^\n]+$", text)
        return self.newline.join([f'{name} ""'] + [quoted(s) for s in lines])

    def _flags(self, entry: _Entry, *, fuzzy: bool) -> list[Edit]:
        flags_line = next((c for c in entry.comments if c[2].startswith("#,")), None)
        flags = [f.strip() for f in flags_line[2][2:].split(",") if f.strip()] if flags_line \
            else []
        wanted = (["fuzzy"] if fuzzy else []) + [f for f in flags if f != "fuzzy"]
        if wanted == flags:
            return []
        if flags_line is not None:
            start, end, _, _ = flags_line
            if not wanted:  # the whole line goes, with its line break
                return [(start, end + len(self.newline), "")]
            return [(start, end, "#, " + ", ".join(wanted))]
        return [(self._flags_place(entry), self._flags_place(entry),
                 "#, " + ", ".join(wanted) + self.newline)]

    @staticmethod
    def _flags_place(entry: _Entry) -> int:
        """Where a new flags line goes: after the comments that come before flags in
        gettext's order (translator, extracted, references), before ``#|`` and msgctxt."""
        keywords = min(f.start for f in entry.fields.values())
        previous = [c[0] for c in entry.comments if c[2].startswith("#|")]
        before = [c[3] for c in entry.comments if not c[2].startswith("#|") and c[0] < keywords]
        return min(previous) if previous else max(before) if before else keywords

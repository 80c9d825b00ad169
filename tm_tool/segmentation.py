"""Sentence splitting of plain text, Chinese and English: the segments ``tm analyze`` counts in
a ``.txt`` file (and the alignment's sentences).

Library API::

    from tm_tool.segmentation import paragraphs, split_sentences
    for span in split_sentences(text, "zh"):
        text[span.start:span.end] == span.text

A blank line separates paragraphs; a sentence never crosses one. Within a paragraph:

* Chinese breaks after a run of 。！？；… (and ASCII ! ?), together with the closing quotes and
  brackets that follow it (“……。” stays one piece), unless a comma or colon follows (“好。”，他说);
* English breaks after . ! ? (or an ellipsis) and any closing quotes/brackets, when whitespace
  and a capital, digit, opening quote or Han character follow; not after an abbreviation (Mr.,
  Dr., e.g., U.S., an initial J.), nor after No./Fig./Dec. … before a number; 1.5 has no space;
* in both, a quotation or bracket that closes in the paragraph is never cut: a break inside it
  is kept only where it ends the quotation (他说：“我来了。你呢？” is one sentence);
* a Chinese ； that separates the items of a list introduced by a colon (列席的有：甲；乙；丙。)
  ends no sentence: the list is one sentence, as its English translation is;
* a single line break ends a sentence (a title, a caption, a dateline on its own line) unless the
  text is hard-wrapped (its lines fill up to a common width of at most 120 characters) and the
  line before it is full, or the next line does not start like a sentence (a lower-case word).

This follows OmegaT's default SRX rules for Chinese and English, with their exception lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import langtags
from .text import HAN_CLASS, detect_lang

OPENERS = "“‘「『（(《〈【[{"
CLOSERS = "”’」』）)》〉】]}"
_PAIRS = dict(zip(OPENERS, CLOSERS, strict=True))
_STRAIGHT = '"'  # opens and closes alike: paired in order (an apostrophe is no quote)
_TRAILING = set(CLOSERS) | set(_STRAIGHT) | {"'"}

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u3000]*\n\s*")
_ZH_END = re.compile(r"[。！？；…!?]+")
_ZH_NO_BREAK_AFTER = set("，、,：:；;") | _TRAILING
_EN_END = re.compile(r"(?:[.!?]+|…|\.\.\.)+")
_EN_STARTS = re.compile(rf"[A-Z\d{re.escape(OPENERS + _STRAIGHT)}{HAN_CLASS}]")

# Never a sentence end, whatever follows (OmegaT's English exceptions, and their kin).
ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Mx Dr Prof Sr Jr St Mt Gen Col Lt Sgt Capt Cmdr Gov Sen Rep Rev Hon Messrs "
    "vs v cf resp approx Approx ca Ca".split())
# A sentence end unless a number follows: "No. 5", "Dec. 12", "Fig. 3", "p. 10".
BEFORE_NUMBER = frozenset(
    "No Nos Nr Fig Figs p pp Vol Vols Art Sec Ch Chap Para Tab Eq Tel tel ed "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
_LIST_INTRO = re.compile(r"[：:]")
_MAX_WRAP = 120
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}$")  # U.S., U.K., e.g., i.e., a.m., p.m.
_INITIAL = re.compile(r"[A-Z]\.$")  # J. K. Rowling


@dataclass(frozen=True)
class Span:
    """A piece of a text: ``text`` is ``source[start:end]``, without surrounding whitespace."""

    start: int
    end: int
    text: str


def _span(text: str, start: int, end: int) -> Span | None:
    """The span of text[start:end] with its whitespace trimmed (None: nothing left)."""
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    start += len(piece) - len(piece.lstrip())
    return Span(start, start + len(stripped), stripped)


def paragraphs(text: str) -> list[Span]:
    """The paragraphs of ``text``: pieces between blank lines."""
    found, start = [], 0
    for gap in _PARAGRAPH_BREAK.finditer(text):
        if (span := _span(text, start, gap.start())) is not None:
            found.append(span)
        start = gap.end()
    if (span := _span(text, start, len(text))) is not None:
        found.append(span)
    return found


def quoted_depths(text: str) -> list[int]:
    """For each position, how many quotations or brackets that close in ``text`` are open
    there (an opener that never closes, or a stray closer, counts for nothing)."""
    stack: list[tuple[str, int]] = []  # (the closer awaited, where it opened)
    ranges: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        awaited = [closer for closer, _ in stack]
        if ch in awaited:  # closes the innermost pair it can; openers inside it never closed
            while stack[-1][0] != ch:
                stack.pop()
            ranges.append((stack.pop()[1], i))
        elif ch in _PAIRS or ch in _STRAIGHT:
            stack.append((_PAIRS.get(ch, ch), i))
    depth = [0] * (len(text) + 1)
    for opened, closed in ranges:
        depth[opened + 1] += 1
        depth[closed] -= 1
    running = 0
    for i, change in enumerate(depth):
        running += change
        depth[i] = running
    return depth


def _after_closers(text: str, end: int) -> int:
    while end < len(text) and text[end] in _TRAILING:
        end += 1
    return end


def _zh_breaks(text: str, depth: list[int]) -> list[int]:
    breaks: list[int] = []
    for run in _ZH_END.finditer(text):
        end = _after_closers(text, run.end())
        if depth[end] > 0:
            continue  # inside a quotation that goes on
        rest = text[end:].lstrip()
        if rest and rest[0] in _ZH_NO_BREAK_AFTER:
            continue
        if run.group() in "；;" and _LIST_INTRO.search(text, breaks[-1] if breaks else 0,
                                                       run.start()):
            continue  # an item of a list after a colon
        breaks.append(end)
    return breaks


def wrap_width(text: str) -> int | None:
    """The width a hard-wrapped text is wrapped at, else None: its longest line, when that is
    at most 120 characters and most lines that a paragraph goes on after (at least three)
    come close to it."""
    lines = [line.rstrip() for line in text.split("\n")]
    longest = max((len(line) for line in lines), default=0)
    if not 0 < longest <= _MAX_WRAP:
        return None
    inner = [len(line.rstrip()) for para in paragraphs(text)
             for line in para.text.split("\n")[:-1]]
    full = sum(size >= 0.75 * longest for size in inner)
    return longest if len(inner) >= 3 and full >= 0.6 * len(inner) else None


def _line_breaks(text: str, lang: str, width: int | None) -> list[int]:
    """Positions after line breaks inside a paragraph that end a sentence."""
    breaks = []
    for newline in re.finditer(r"[ \t]*\r?\n[ \t]*", text):
        line = text[:newline.start()].rsplit("\n", 1)[-1]
        following = text[newline.end():newline.end() + 1]
        if width is not None and len(line) >= 0.75 * width:
            continue  # a full line of wrapped text goes on
        if lang != "zh" and not _EN_STARTS.match(following):
            continue
        breaks.append(newline.start())
    return breaks


def _is_abbreviation(word: str, following: str) -> bool:
    """Whether ``word`` (the text before a single full stop, with it) ends no sentence when
    ``following`` comes after it."""
    bare = word.rstrip(".").lstrip("(“‘\"'[")
    if bare in ABBREVIATIONS or _DOTTED.search(word) or _INITIAL.fullmatch(word.lstrip("(“‘\"'[")):
        return True
    return bare in BEFORE_NUMBER and following[:1].isdigit()


def _en_breaks(text: str, depth: list[int]) -> list[int]:
    breaks = []
    for run in _EN_END.finditer(text):
        end = _after_closers(text, run.end())
        rest = text[end:]
        following = rest.lstrip()
        if not following or len(following) == len(rest) or depth[end] > 0:
            continue  # the paragraph's end, no space after (1.5, e.g.x), or inside a quote
        if not _EN_STARTS.match(following):
            continue  # a lower-case word or punctuation goes on the sentence
        if run.group() == "." and end == run.end():
            word = text[:run.end()].split()[-1]
            if _is_abbreviation(word, following):
                continue
        breaks.append(end)
    return breaks


def _sentences_of(text: str, start: int, lang: str, width: int | None = None) -> list[Span]:
    depth = quoted_depths(text)
    breaks = _zh_breaks(text, depth) if lang == "zh" else _en_breaks(text, depth)
    if "\n" in text:
        breaks = sorted(set(breaks) | set(_line_breaks(text, lang, width)))
    found, at = [], 0
    for end in [*breaks, len(text)]:
        if (span := _span(text, at, end)) is not None:
            found.append(Span(start + span.start, start + span.end, span.text))
        at = end
    return found


def split_sentences(text: str, lang: str | None = None) -> list[Span]:
    """The sentences of ``text`` in order, with their offsets into it. ``lang`` is a BCP 47
    tag or ``zh``/``en``; None: each paragraph's own (mostly Han characters: Chinese)."""
    found: list[Span] = []
    wanted = langtags.primary(lang) if lang else None
    width = wrap_width(text) if "\n" in text else None
    for para in paragraphs(text):
        para_lang = wanted or detect_lang(para.text)
        found += _sentences_of(para.text, para.start, "zh" if para_lang == "zh" else "en", width)
    return found

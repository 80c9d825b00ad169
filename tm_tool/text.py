"""Unicode normalisation for matching Chinese and English text.

Stored text is kept as the file wrote it (NFC only). Matching uses keys built here, so the index,
the lookup and the checks agree on what "the same" means:

* full-width ASCII (１３１０, ＋, ＂) equals half-width, U+3000 equals a space;
* curly, straight and CJK quotes are one quote; book-title marks 《》 are brackets;
* Traditional Chinese is folded into Simplified (OpenCC ``t2s``) where a lookup asks for it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

# Quotes and title marks that wrap slogans (“1310”, 《意见》): they never change a term.
QUOTE_CHARS = "\"'“”‘’„‟‚‛＂＇″′〝〞〟「」『』《》〈〉﹁﹂﹃﹄"
_DOUBLE_QUOTES = "“”„‟＂″〝〞〟「」『』"
_SINGLE_QUOTES = "‘’‚‛＇′"
_DASHES = "\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d"

# Chinese full-width punctuation and its ASCII counterpart, for match keys.
CJK_PUNCT_TO_ASCII = {
    "，": ",", "。": ".", "、": ",", "；": ";", "：": ":", "？": "?", "！": "!",
    "（": "(", "）": ")", "【": "[", "】": "]", "《": "<", "》": ">", "〈": "<", "〉": ">",
    "…": "...", "—": "-", "·": "·", "～": "~",
}

_KEY_TABLE_CHARS = [*_DOUBLE_QUOTES, *_SINGLE_QUOTES, *_DASHES, *CJK_PUNCT_TO_ASCII, "\u3000",
                    "\u00a0"]
_KEY_TABLE = str.maketrans(
    {
        **{c: '"' for c in _DOUBLE_QUOTES},
        **{c: "'" for c in _SINGLE_QUOTES},
        **{c: "-" for c in _DASHES},
        **CJK_PUNCT_TO_ASCII,
        "\u3000": " ",
        "\u00a0": " ",
    }
)


def nfc(text: str) -> str:
    # is_normalized first: CPython's normalize() is ~30x slower on CJK text that needs nothing
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _half_width(match: re.Match[str]) -> str:
    char = match.group()
    return " " if char == "\u3000" else chr(ord(char) - 0xFEE0)


def half_width(text: str) -> str:
    """Full-width ASCII forms and the ideographic space to ASCII (１３１０ → 1310), one
    character for one, so offsets into the text stay valid."""
    return text if text.isascii() else _FULL_WIDTH.sub(_half_width, text)


def nfkc(text: str) -> str:
    """NFKC, fast: most text needs nothing, and most Chinese text only its full-width
    punctuation folded (，！：), which a regex does 4x faster than normalize()."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = half_width(text)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def unify_punct(text: str) -> str:
    """Quotes, dashes and CJK punctuation to their ASCII forms."""
    return text.translate(_KEY_TABLE)


def collapse_ws(text: str) -> str:
    """Runs of whitespace to one space, ends trimmed (str.split does both, in C)."""
    return " ".join(text.split())


def match_key(text: str) -> str:
    """Key under which two segments count as the same text.

    NFKC (full-width → half-width), one kind of quote, ASCII punctuation, single spaces, trimmed.
    Case is kept: "Two Establishments" and "two establishments" are different translations.
    """
    return collapse_ws(unify_punct(nfkc(text)))


def match_keys(texts: list[str]) -> list[str]:
    """:func:`match_key` of many texts at once: the normalisation runs once over the texts
    joined by U+0000, a character that composes with nothing (so it cannot change how its
    neighbours normalise) and that texts almost never hold (those that do go one by one)."""
    joined = "\0".join(texts)
    if joined.count("\0") != len(texts) - 1:
        return [match_key(text) for text in texts]
    keys = unify_punct(nfkc(joined)).split("\0")
    return [" ".join(key.split()) for key in keys]


# --- scripts ---------------------------------------------------------------------------------

# What a Han character is, for every part of tm_tool (detect_lang, the checks, the index's
# tokenizer, the match diff): is_han, HAN_CLASS (a regex class) and the index's NumPy mask are
# all made from this table. Inclusive code-point ranges, in order.
HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x3007, 0x3007),  # 〇, the zero of 二〇二五
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x3134F),  # Extensions B–G, and the Compatibility Ideographs Supplement
)
# The body of a regex character class matching exactly the Han characters: [{HAN_CLASS}].
HAN_CLASS = "".join(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}"
                    for lo, hi in HAN_RANGES)
_HAN_STARTS = [lo for lo, _ in HAN_RANGES]


def is_han(ch: str) -> bool:
    """Whether the character ``ch`` is a Han character (see HAN_RANGES)."""
    code = ord(ch)
    # (a bisection: as fast as a chain of comparisons, and it follows the table)
    at = bisect_right(_HAN_STARTS, code) - 1
    return at >= 0 and code <= HAN_RANGES[at][1]


def han_ratio(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha() or is_han(ch)]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if is_han(ch)) / len(letters)


def detect_lang(text: str) -> str:
    """'zh' when the text is mostly Han characters, else 'en'."""
    return "zh" if han_ratio(text) >= 0.3 else "en"


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported lazily: loading its dictionaries costs ~20 ms

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC t2s). ASCII text is returned as is."""
    if text.isascii():
        return text
    return _t2s().convert(text)


_SEPARATOR = "\ue000"  # a private-use character: OpenCC and the normalisations keep it


def to_simplified_all(texts: list[str]) -> list[str]:
    """:func:`to_simplified` of each text, in one OpenCC call for the batch: a call costs
    more than a sentence's characters do (a concordance page's 50 calls were a third of its
    time). Text by text when a text holds the separator."""
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) == len(texts) - 1:
        parts = to_simplified(joined).split(_SEPARATOR)
        if len(parts) == len(texts):
            return parts
    return [to_simplified(t) for t in texts]


# --- normalisation with an offset map --------------------------------------------------------

# What the term views below change; text without any of it takes the fast path.
_ONE_TO_ONE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {
    code: code + 32 for code in range(ord("A"), ord("Z") + 1)}
_ONE_TO_ONE = {k: (v + 32 if ord("A") <= v <= ord("Z") else v) for k, v in _ONE_TO_ONE.items()}
_ONE_TO_ONE_RUNS = re.compile("[A-Z\uff01-\uff5e]+")  # the keys of _ONE_TO_ONE
_KEPT_RUNS = re.compile("[^" + re.escape(QUOTE_CHARS) + r"\s]+")
# What normalize_en_for_terms changes, two spaces in a row aside: one character class, not an
# alternation, so the regex engine skips along a text in C (an alternation tries each branch at
# every character: ~10 µs for a 200-character target). Whitespace is what \s matches
# (str.isspace), every character of it below U+3001.
_EN_FOLDS = re.compile("[" + re.escape("".join(_KEY_TABLE_CHARS) + "".join(
    ch for ch in map(chr, range(0x3001)) if ch.isspace() and ch != " ")) + "]")


def _simplified_in_place(text: str, simplified: str) -> str:
    """``simplified`` if it keeps ``text``'s length (offsets map one to one), else ``text``
    converted character by character (OpenCC's phrase conversion changed the length)."""
    if len(simplified) == len(text):
        return simplified
    simplified = "".join(to_simplified(ch) if not ch.isascii() else ch for ch in text)
    return simplified if len(simplified) == len(text) else text


def normalize_zh_for_terms(text: str, simplified: str | None = None
                           ) -> tuple[str, Sequence[int]]:
    """Text as the Chinese term scanner sees it, and where each character came from.

    NFKC per character (１３１０ → 1310, ＋ → +), Traditional → Simplified, ASCII lower case,
    quotes and title marks dropped (“1310”具体部署 matches "1310"具体部署), whitespace dropped
    (Chinese does not space words). ``offsets[i]`` is the index in ``text`` of normalised
    character ``i``; ``offsets[len]`` is ``len(text)``. ``simplified``: the text's
    :func:`to_simplified`, where the caller has it from a batch (:func:`to_simplified_all`).
    """
    simplified = _simplified_in_place(text, to_simplified(text) if simplified is None
                                      else simplified)
    folded = fold_zh_for_terms(simplified)
    if unicodedata.is_normalized("NFKC", folded):
        return zh_terms_view(folded)
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(simplified):
        if ch in QUOTE_CHARS or ch.isspace():
            continue
        folded = unicodedata.normalize("NFKC", ch)
        for out in folded:
            if out in QUOTE_CHARS or out.isspace():
                continue
            chars.append(out.lower() if out.isascii() else out)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(chars), offsets


def fold_zh_for_terms(simplified: str) -> str:
    """Full-width ASCII to ASCII and A-Z to a-z (the one-to-one part of
    :func:`normalize_zh_for_terms`), ``simplified`` being the text after OpenCC. Only the runs
    of those characters are translated: ``str.translate`` looks up every character of a
    Chinese text, most of which it keeps, at ~50 ns each."""
    return _ONE_TO_ONE_RUNS.sub(lambda m: m.group().translate(_ONE_TO_ONE), simplified)


def zh_terms_view(folded: str) -> tuple[str, Sequence[int]]:
    """:func:`normalize_zh_for_terms` of a text whose :func:`fold_zh_for_terms` is ``folded``
    and NFKC (the usual case): only drops remain (quotes, spaces), found by one regex in C."""
    runs = [m.span() for m in _KEPT_RUNS.finditer(folded)]
    if len(runs) == 1 and runs[0] == (0, len(folded)):
        return folded, range(len(folded) + 1)
    offsets: list[int] = []
    for start, end in runs:
        offsets.extend(range(start, end))
    norm = "".join(folded[start:end] for start, end in runs)
    return norm, [*offsets, len(folded)]


def normalize_en_for_terms(text: str) -> tuple[str, Sequence[int]]:
    """English text as the rendering matcher sees it: NFKC, one kind of quote and dash,
    single spaces. Case is kept (the matcher decides about case). Offsets as above (a range
    when nothing changes: a list of them cost half the time of a target's normalisation)."""
    if (not _EN_FOLDS.search(text) and "  " not in text
            and unicodedata.is_normalized("NFKC", text) and text == text.strip()):
        return text, range(len(text) + 1)  # nothing to fold: offsets unchanged
    chars: list[str] = []
    offsets: list[int] = []
    prev_space = True
    for i, ch in enumerate(text):
        folded = unify_punct(unicodedata.normalize("NFKC", ch))
        for out in folded:
            if out.isspace():
                if prev_space:
                    continue
                out = " "
                prev_space = True
            else:
                prev_space = False
            chars.append(out)
            offsets.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    offsets.append(len(text))
    return "".join(chars), offsets

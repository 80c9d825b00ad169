"""When two texts are the same for a consistency reviewer: keys that ignore what a reviewer
would not call a different text.

English: case, a trailing full stop or colon, commas, articles and other small function words,
word order ("Reset password" / "Password reset"), "name(s)", a plural or the verb that agrees
with it ("The page is" / "The pages are"), -ing and -ed forms, contractions ("I'll" / "I will"),
British and American spelling (-ise/-ize, -our/-or, -re/-er), "time bound" / "timebound", the
abbreviations of months and weekdays ("Feb." / "feb" / "February") and ordinal suffixes
("{}rd" / "{}th"). Chinese marks none of these, so one Chinese translation of both is right,
and Chinese text differing only in them is one translation. Chinese: trailing punctuation,
commas and the spaces around Latin words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import filterfalse

from ..text import is_han, match_key

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ABBREVIATIONS = {name[:3]: name for name in (*_MONTHS, *_DAYS)} | {
    "sept": "september", "tues": "tuesday", "thur": "thursday", "thurs": "thursday"}
# \b(jan|feb|…)\b\.?, with each word's \b before it asked after it (no word character
# before the word): a pattern whose branches all start with a letter is searched for those
# letters in C, one that starts with \b is tried at every character (~9 µs a sentence)
_ABBREVIATION = re.compile("(" + "|".join(rf"{word}(?<!\w{word})" for word in sorted(
    _ABBREVIATIONS, key=len, reverse=True)) + r")\b\.?")
_ORDINAL = re.compile(r"(?:st|nd|rd|th)(?<=[\d}]..)\b")  # 1st, {}rd (the digit asked after)
# Words that only agree in number with a noun: Chinese has no such agreement.
_AGREEMENT = {"is": "be", "are": "be", "was": "be", "were": "be", "has": "have",
              "have": "have", "these": "this", "those": "that", "does": "do"}
_CONTRACTIONS = re.compile(r"'(ll|re|ve|m|d)\b|n't\b")
_EXPANDED = {"'ll": " will", "'re": " are", "'ve": " have", "'m": " am", "'d": " would",
             "n't": " not"}
_FUNCTION_WORDS = frozenset("a an the of in on at to for that".split())
_DROPPED = _FUNCTION_WORDS | {""}  # and a word whose stem is empty ("e")
_WORD = re.compile(r"[a-z]+")
# What [\s.:;!?…。：；！？]+$ took away, for str.rstrip (\s is str.isspace(); every whitespace
# character is below U+3001)
_TRAILING_CHARS = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace()) + (
    ".:;!?…。：；！？")
_COMMAS = re.compile(r"\s*[,，、]\s*")


def _trailing_stripped(text: str) -> str:
    return text.rstrip(_TRAILING_CHARS)


def _without_commas(text: str, replacement: str) -> str:
    if "," not in text and "，" not in text and "、" not in text:
        return text
    return _COMMAS.sub(replacement, text)
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)  # (a text's words are mostly words seen before)
def _stem(word: str) -> str:
    """A crude stem, the same for the forms Chinese writes alike."""
    word = _AGREEMENT.get(word, word)
    if len(word) >= 6 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) >= 4 and word.endswith("ed"):
        word = word[:-2] if not word.endswith("eed") else word
    elif len(word) >= 4:
        if word.endswith("ies"):
            word = word[:-3] + "y"
        elif word.endswith(("sses", "xes", "ches", "shes")):
            word = word[:-2]
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    if len(word) >= 5:  # British and American spelling (-ise, -isation; -our; -re)
        word = _american(word)
    return word.rstrip("e")  # use/used, delete/deleted


def _american(word: str) -> str:
    """realise → realiz(e), colour → color, centre → center (``word`` is [a-z]+: string
    tests do what the patterns is(e|ation)?$, (?<=[a-z]{3})our$ and (?<=[a-z]{3})re$ did)."""
    for ending, american in (("isation", "ization"), ("ise", "ize"), ("is", "iz")):
        if word.endswith(ending):
            word = word[:-len(ending)] + american
            break
    if len(word) >= 6 and word.endswith("our"):
        word = word[:-3] + "or"
    if len(word) >= 5 and word.endswith("re"):
        word = word[:-2] + "er"
    return word


@lru_cache(maxsize=65536)
def english_words(text: str) -> tuple[str, ...]:
    """The words of an English text as the consistency checks compare them, in order."""
    key = match_key(text).casefold().replace("(s)", "")
    if "'" in key:
        key = _CONTRACTIONS.sub(lambda m: _EXPANDED[m.group()], key)
    key = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1)], key)
    key = _ORDINAL.sub("th", key)
    key = _without_commas(_trailing_stripped(key), " ").replace("-", " ")
    # _WORD.sub(stem, key).split(), token by token: the pattern never matches a space, so
    # each token is changed on its own, and a token that is one word (most) is stemmed
    # without the regex and its call per word
    tokens = key.split()
    if key.isascii() and "".join(tokens).isalpha():  # (all in C)
        words: Iterable[str] = map(_stem, tokens)
    else:
        words = (_stem(token) if token.isascii() and token.isalpha()
                 else _WORD.sub(_stemmed, token) for token in tokens)
    return tuple(filterfalse(_DROPPED.__contains__, words))


def _stemmed(match: re.Match[str]) -> str:
    return _stem(match.group())


def english_key(text: str) -> str:
    """'Feb.' and 'february' -> one key; 'The HTML pages are in %s.' and 'The HTML page is
    in %s' -> one key; 'Reset password' and 'Password reset' -> one key."""
    return " ".join(sorted(english_words(text)))


def same_run(a: str, b: str) -> bool:
    """'time bound' / 'timebound', 'e-mail' / 'email': the same text, spaced otherwise."""
    return _letters(a) == _letters(b)


@lru_cache(maxsize=65536)
def _letters(text: str) -> str:
    return "".join(ch for ch in match_key(text).casefold() if not ch.isspace() and ch != "-")


@lru_cache(maxsize=65536)
def chinese_key(text: str) -> str:
    """'备注：' and '备注' -> one key; 'HTML 页面' and 'HTML页面' -> one key."""
    key = _without_commas(_trailing_stripped(match_key(text).casefold()), "")
    parts = _SPACE.split(key)
    out = parts[0]
    for part in parts[1:]:  # a space stays only between two Latin words
        joins_han = (out and is_han(out[-1])) or (part and is_han(part[0]))
        out += part if joins_han else " " + part
    return out


def variant_key(text: str, lang: str) -> str:
    """The key under which ``text`` (in language ``lang``: a primary subtag) is compared."""
    if lang == "zh":
        return chinese_key(text)
    if lang == "en":
        return english_key(text)
    return _trailing_stripped(match_key(text).casefold())


def synonym_swap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two sentences (four words or more) that differ in one word each ("I got a fever" /
    "I had a fever"; "ECDC states that" / "ECDC says"): one translation may rightly serve
    both, the translator having read the word as its synonym."""
    if min(len(a), len(b)) < 4:
        return False
    only_a, only_b = Counter(a) - Counter(b), Counter(b) - Counter(a)
    return (sum(only_a.values()) == 1 and sum(only_b.values()) == 1
            and all(word.isalpha() for word in (*only_a, *only_b)))  # not "%s()" / "%s"


def is_generic_word(text: str) -> bool:
    """A Chinese word of one to three characters (删除, 参数, 目录, 警告): the usual rendering
    of several English synonyms (delete, remove, deletion), so sharing it is no error."""
    key = chinese_key(text)
    return 0 < len(key) <= 3 and all(is_han(ch) for ch in key)

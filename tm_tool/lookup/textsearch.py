"""Concordance searches the index alone cannot answer: a substring of an English word
(``develop`` in "development"), a regular expression, capitals that must match.

Each becomes a :class:`TextPattern`: a Python regular expression run on the stored text (NFC,
as imported), and, where one exists, a phrase whose index hits are sure to include every
segment the expression finds (candidates; otherwise every segment is read). The index folds
case, width and Traditional characters, so its hits for a literal part of the search are a
superset of the texts that contain that part as written.

Candidates from the index:
- ``--case-sensitive`` phrase: the phrase's own tokens (the index has them case-folded);
- substring or regex: the longest run of Han characters written literally (outside groups,
  alternatives and optional parts), since Han characters are indexed one by one and in pairs;
  an English literal run is no help (the index holds whole words), so a pure English substring
  or an expression without a Han literal reads every segment: see the cost in the README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import UsageError
from ..text import is_han


@dataclass(frozen=True)
class TextPattern:
    regex: re.Pattern[str]  # what a side's text must contain
    index_phrase: str | None  # a phrase whose index hits include every match; None: scan


def needs_pattern(phrase: str, *, substring: bool, regex: bool, case_sensitive: bool) -> bool:
    """Whether the search needs a pattern (else the index answers it alone): a regex; a
    substring search with letters in it (Han characters are found inside words anyway); a
    case-sensitive search with cased letters."""
    if regex:
        return True
    if substring and any(ch.isalpha() and not is_han(ch) for ch in phrase):
        return True
    return case_sensitive and any(ch != ch.lower() or ch != ch.upper() for ch in phrase)


def text_pattern(phrase: str, *, substring: bool, regex: bool, case_sensitive: bool
                 ) -> TextPattern:
    """The pattern for a concordance search (see the module's docstring)."""
    flags = 0 if case_sensitive else re.IGNORECASE
    if regex:
        try:
            compiled = re.compile(phrase, flags)
        except re.error as exc:
            raise UsageError(f"--regex {phrase!r}: {exc}") from None
        return TextPattern(compiled, _longest_han(_literal_runs(phrase, flags)))
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    if substring:
        return TextPattern(re.compile(body, flags), _longest_han([phrase]))
    # whole words, as the index matches them, but with the capitals as written
    return TextPattern(re.compile(rf"(?<![^\W_]){body}(?![^\W_])", flags), phrase)


def _literal_runs(expression: str, flags: int) -> list[str]:
    """The runs of literal characters at the top level of a regular expression (a run ends at
    anything else: a class, a group, a repeat that may be absent)."""
    try:
        from re import _parser  # type: ignore[attr-defined]  # (the stdlib's own parser)

        parsed = _parser.parse(expression, flags)
    except Exception:  # (a private module: if it changes, read every segment)
        return []
    runs, current = [], []
    for op, value in parsed:
        if op is _parser.LITERAL:
            current.append(chr(value))
            continue
        runs.append("".join(current))
        current = []
    runs.append("".join(current))
    return [run for run in runs if run]


def _longest_han(texts: list[str]) -> str | None:
    """The longest run of Han characters in any of ``texts`` (None: there is none)."""
    best = ""
    for text in texts:
        run = ""
        for ch in text + " ":
            if is_han(ch):
                run += ch
                continue
            best, run = max(best, run, key=len), ""
    return best or None


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Where the pattern matches in ``text`` (empty matches left out)."""
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]

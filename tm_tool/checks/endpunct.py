"""end-punctuation: how a translated sentence ends.

Chinese targets of English sentences end with full-width 。？！ (a half-width "." after Chinese
text, "。." doubled, or no mark at all is a slip); a question stays a question in both
directions. Only what is provably a slip is reported: a source that ends in an abbreviation
("Sept.", "p.m.") or an ellipsis, a fragment of one or two words, and a target that ends in a
code, a quote or a bracket are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from ..text import is_han
from .base import Context, Finding, Unit, UnitCheck

_CLOSING = "\"'”’」』）)】]》>"
# a last word that is an abbreviation: inner dots (p.m., e.g.), or a known short form
_ABBREVIATION = re.compile(
    r"(?:\b\w+\.\w+\.?|\b(?:etc|vs|inc|ltd|co|no|mr|mrs|ms|dr|st|jr|sr|approx|dept|fig|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thur|thurs|fri|"
    r"sat|sun)\.)$", re.IGNORECASE)
_WORDS = re.compile(r"[A-Za-z]+")
MIN_WORDS = 3  # "Sept." or "Delete selected" is a label, not a sentence


def _is_sentence(text: str) -> bool:
    return len(_WORDS.findall(text)) >= MIN_WORDS


def _may_find(unit: Unit) -> bool:
    """A zh → en unit has a finding only when its source is a question (_english_target)."""
    return not (unit.target_lang == "en" and unit.source_lang == "zh") or (
        unit.segment.source.rstrip().endswith(("？", "?")))


class EndPunctuationCheck(UnitCheck):
    codes = ("end-punctuation",)
    severity: ClassVar[dict[str, str]] = {"end-punctuation": "warning"}
    description = "sentence-final punctuation kept (。 for Chinese, ? for questions)"
    may_find = staticmethod(_may_find)

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        source, target = unit.segment.source.rstrip(), unit.segment.target.rstrip()
        if not target or not source:
            return
        if unit.target_lang == "zh" and unit.source_lang == "en":
            message = self._chinese_target(source, target)
        elif unit.target_lang == "en" and unit.source_lang == "zh":
            message = self._english_target(source, target)
        else:
            message = None
        if message:
            yield self.finding("end-punctuation", unit, message,
                               span=(len(target) - 1, len(target)))

    @staticmethod
    def _chinese_target(source: str, target: str) -> str | None:
        if target.endswith(("。.", "。。")):
            return f"the target ends with a doubled full stop \"{target[-2:]}\""
        before = target[-2:-1]
        if target.endswith(".") and not target.endswith("..") and before and is_han(before):
            return 'half-width "." ends the Chinese target; use 。'
        last = target[-1]
        if not is_han(last):
            return None  # ends in a code, a number, a quote, a bracket, or punctuation
        if source.endswith("?"):
            return "the source is a question but the target lacks ？"
        if (source.endswith(".") and not source.endswith("..") and _is_sentence(source)
                and not _ABBREVIATION.search(source)):
            return "the target lacks the final 。 the English sentence has"
        return None

    @staticmethod
    def _english_target(source: str, target: str) -> str | None:
        if not source.endswith(("？", "?")) or target.endswith(("?", "？")):
            return None
        if target[-1] in _CLOSING and "?" in target[-3:]:
            return None  # ?” or ?)
        if target.endswith("."):
            return 'the source asks a question (？) but the target ends with "."'
        if target[-1].isalnum():
            return "the source asks a question (？) but the target lacks ?"
        return None

"""punctuation: Chinese full-width punctuation in an English target; unbalanced quotes or
brackets in the target. Curly quotes “ ” ‘ ’ are English punctuation and fine when balanced;
an apostrophe (people’s) is not a quote."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from .base import Context, Finding, Unit, UnitCheck

CJK_PUNCT = "，。、；：（）《》！？【】「」『』"
_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "（": "）", "《": "》", "【": "】", "「": "」",
          "『": "』"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_BRACKETS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSERS)) + "]")
_CJK_PUNCT = re.compile(f"[{re.escape(CJK_PUNCT)}]")


def unbalanced(text: str) -> str | None:
    """The first bracket or quote without its partner, or None."""
    stack: list[str] = []
    for ch in _BRACKETS.findall(text):  # the brackets only: prose is skipped in C
        if ch in _PAIRS:
            stack.append(ch)
        elif not stack or stack[-1] != _CLOSERS[ch]:
            return ch
        else:
            stack.pop()
    if stack:
        return stack[-1]
    if text.count('"') % 2:
        return '"'
    return None


# a target without any of these has neither Chinese punctuation nor an unbalanced mark
_MAY_FIND = re.compile("[" + re.escape(CJK_PUNCT + "".join(_PAIRS) + "".join(_CLOSERS) + '"')
                       + "]")


def _may_find(unit: Unit) -> bool:
    return _MAY_FIND.search(unit.segment.target) is not None


class PunctuationCheck(UnitCheck):
    codes = ("punctuation",)
    severity: ClassVar[dict[str, str]] = {"punctuation": "warning"}
    description = "English punctuation in English targets; quotes and brackets balanced"
    may_find = staticmethod(_may_find)

    def check(self, unit: Unit, context: Context) -> Iterator[Finding]:
        target = unit.segment.target
        if not target.strip():
            return
        if unit.target_lang == "en":
            m = _CJK_PUNCT.search(target)
            if m:
                yield self.finding("punctuation", unit,
                                   f"Chinese punctuation {m.group()} in an English target",
                                   found=m.group(), span=(m.start(), m.end()))
        bad = unbalanced(target)
        if bad and not unbalanced(unit.segment.source):  # a fragment: the source is too
            yield self.finding("punctuation", unit, f"unbalanced {bad} in the target",
                               found=bad)

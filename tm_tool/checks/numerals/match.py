"""Whether the numbers of two sides agree.

Rules, in order:
* a strong number needs a number (strong or weak) on the other side that has one of its
  readings; each number on the other side is used once;
* a strong number whose digits stand in a name or code on the other side (Table1.1 ↔ 表 1.1,
  ARCoV.2, Arg9) is there;
* a year, month or day written again (2020 年 1 月初至 1 月中旬 ↔ early to mid-January 2020)
  is the same date, and COVID-19 written twice the same name: one copy on the other side
  covers them all.
"""

from __future__ import annotations

import re

from .model import Number


def _take(number: Number, pool: list[Number]) -> bool:
    """Use the first number of ``pool`` that reads like ``number``, preferring its first
    reading (1958 before 58)."""
    for wanted in (number.values[:1], number.values):
        for i, other in enumerate(pool):
            if any(v in other.values for v in wanted):
                pool.pop(i)
                return True
    return False


def _in_a_name(number: Number, other_text: str) -> bool:
    """Whether the digits of ``number`` stand in the other text glued to a letter or a dot,
    where no number is read (Table1.1, (Fig.2), Arg9)."""
    written = number.text.strip()
    if not written[:1].isdigit():
        return False
    digits = re.escape(written)
    return any(
        (m.start() and (other_text[m.start() - 1].isalpha() or other_text[m.start() - 1] == "."))
        or (m.end() < len(other_text) and other_text[m.end()].isalpha())
        for m in re.finditer(rf"(?<!\d){digits}(?!\d)", other_text))


def _unmatched(side: list[Number], other: list[Number], other_text: str) -> list[Number]:
    pool = list(other)
    missing = []
    strong = sorted((n for n in side if n.strong), key=lambda n: len(n.values))
    for n in strong:  # numbers with a single reading first: they have no other choice
        if not _take(n, pool) and not _in_a_name(n, other_text):
            missing.append(n)
    return [n for n in sorted(missing, key=lambda n: n.start)
            if not (n.repeatable and any(set(n.values) & set(o.values) for o in other))]


def compare(source: list[Number], target: list[Number], source_text: str = "",
            target_text: str = "") -> tuple[list[Number], list[Number]]:
    """(strong source numbers the target lacks, strong target numbers the source lacks)."""
    return (_unmatched(source, target, target_text),
            _unmatched(target, source, source_text))

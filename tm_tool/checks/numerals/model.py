"""A number found in a text, and the rules that read several numbers as one phrase.

Values are exact (fractions.Fraction): 870 million must equal 8.7 亿, which floating point
does not guarantee (869999999.9999999). A number may have more than one acceptable reading
(``values``): 58 in "1957–58" is also 1958, the 2.6 of "2.6 到 3.2 万" is also 26,000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fractions import Fraction


@dataclass(frozen=True)
class Number:
    values: tuple[Fraction, ...]  # the reading shown first, then the others accepted
    start: int
    end: int
    text: str
    strong: bool  # strong: must appear on the other side; weak: may
    scale: Fraction = Fraction(1)  # the magnitude written after it (万, million), if any
    # a year, month or day, or the number of a name (COVID-19): written again, it is the same
    repeatable: bool = False

    @property
    def value(self) -> Fraction:
        return self.values[0]

    def also(self, *values: Fraction) -> Number:
        return replace(self, values=self.values + tuple(v for v in values
                                                        if v not in self.values))


_SEPARATORS = re.compile("[,， \u00a0\u2009\u202f]")  # 1,400 and 39 291 900


def exact(digits: str) -> Fraction:
    """'1,234.5' → Fraction(2469, 2); never through a float."""
    return Fraction(_SEPARATORS.sub("", digits))


def show(value: Fraction) -> str:
    """8.7 亿 is shown 870000000, two-thirds 2/3."""
    if value.denominator == 1:
        return str(value.numerator)
    decimal = value.numerator / value.denominator
    return f"{decimal:g}" if Fraction(f"{decimal:g}") == value else str(value)


# "1957–58", "2019-20": the second year is written with its last two digits only
_YEAR_DASH = re.compile(r"\s*[-–—/]\s*$")
# "26 to 32 thousand", "14 and 22 million", "2.6 到 3.2 万": the magnitude is written once
_RANGE_JOIN = re.compile(r"\s*(?:[-–—~～]|to|and|or|至|到|或|和)\s*$", re.IGNORECASE)


def read_ranges(found: list[Number], text: str) -> list[Number]:
    """Readings that the numbers of a range or a year pair share (rule: one magnitude or one
    century is written once for both ends)."""
    found = sorted(found, key=lambda n: n.start)
    out = list(found)
    for i in range(1, len(found)):
        first, second = found[i - 1], found[i]
        between = text[first.end:second.start]
        if len(between) > 6:
            continue
        if (_YEAR_DASH.match(between) and len(first.text) == 4 and first.text.isdigit()
                and len(second.text) == 2 and second.text.isdigit()):
            century = first.value // 100 * 100
            out[i] = out[i].also(century + second.value)
            out[i] = replace(out[i], repeatable=True)
        elif (_RANGE_JOIN.match(between) and first.scale == 1 and second.scale != 1):
            out[i - 1] = out[i - 1].also(*(v * second.scale for v in out[i - 1].values))
    return out

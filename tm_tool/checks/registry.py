"""Which checks there are: every check family, and the stable codes they report."""

from __future__ import annotations

from .base import Check
from .consistency import ConsistencyCheck
from .endpunct import EndPunctuationCheck
from .length import LengthCheck
from .numbers import NumberCheck
from .placeholders import PlaceholderCheck
from .punctuation import PunctuationCheck
from .repeated import RepeatedWordCheck
from .tags import TagCheck
from .terms import TermCheck
from .untranslated import UntranslatedCheck
from .urls import UrlCheck
from .whitespace import WhitespaceCheck

# Order matters only for reading: the term check comes first, as reviewers expect.
ALL_CHECKS: tuple[type[Check], ...] = (
    TermCheck, NumberCheck, UntranslatedCheck, ConsistencyCheck, PunctuationCheck,
    EndPunctuationCheck, PlaceholderCheck, TagCheck, UrlCheck, RepeatedWordCheck,
    WhitespaceCheck, LengthCheck,
)
CODES: dict[str, str] = {code: cls.severity[code] for cls in ALL_CHECKS for code in cls.codes}

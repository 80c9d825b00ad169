"""The language codes clients write, and what they mean for this memory.

Weblate writes its codes lowercased with ``_`` (``zh_hans``, ``en``) for tmserver, as they are
(``zh_Hans``) for Apertium, with ``-`` for LibreTranslate (``zh-Hans``); Okapi and OmegaT write
POSIX locales (``zh_CN``); Apertium pairs use ISO 639-3 (``zho``, ``eng``). All of them go
through :mod:`tm_tool.langtags`; this module adds the three-letter codes and Traditional
Chinese, which the memory (Simplified) cannot give as a target.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import langtags
from ..errors import UsageError

_THREE_LETTER = {"zho": "zh", "chi": "zh", "cmn": "zh", "eng": "en"}
_TRADITIONAL = {"Hant", "TW", "HK", "MO"}


@dataclass(frozen=True)
class Language:
    code: str  # the language subtag: "zh", "en"
    traditional: bool = False  # zh-Hant, zh-TW …: Traditional script


def parse(code: str) -> Language | None:
    """'zh_hans', 'zh_CN', 'zh-Hans', 'zho', 'cmn' → zh; 'en_US', 'eng' → en; 'zh_Hant' → zh
    (Traditional); None for what is not a language tag."""
    raw = code.strip()
    try:
        tag = langtags.normalize(raw)
    except UsageError:
        return None
    parts = tag.split("-")
    primary = _THREE_LETTER.get(parts[0], parts[0])
    return Language(primary, primary == "zh" and bool(_TRADITIONAL & set(parts[1:])))


def memory_languages(pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (source, target) language subtags a memory answers, in both directions (a lookup
    searches the side written in the query's language), from its (source, target) tags."""
    found: set[tuple[str, str]] = set()
    for source_tag, target_tag in pairs:
        src, tgt = langtags.primary(source_tag), langtags.primary(target_tag)
        found |= {(src, tgt), (tgt, src)}
    return found


def answers(pairs: set[tuple[str, str]], source: Language | None, target: Language | None
            ) -> bool:
    """Whether the memory can answer a source → target request. A Traditional target is
    refused (the memory's Chinese is Simplified); a Traditional query is folded by the index."""
    if source is None or target is None or target.traditional:
        return False
    return (source.code, target.code) in pairs


def spellings(code: str) -> list[str]:
    """How clients may spell a language subtag in a list of supported languages: Weblate
    looks its own code up, then the code without its region/script."""
    if code == "zh":
        return ["zh", "zh_CN", "zh_cn", "zh_Hans", "zh_hans", "zh-CN", "zh-Hans", "zho"]
    if code == "en":
        return ["en", "en_US", "en_us", "en_GB", "en_gb", "en-US", "en-GB", "eng"]
    return [code]

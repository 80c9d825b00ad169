"""TM matches for a request that names its languages as a client spells them: what the
tmserver, Apertium and LibreTranslate routes share."""

from __future__ import annotations

from ..lookup import Match
from . import languages
from .context import StoreContext

MT_MIN_SCORE = 75  # the lowest match offered as "machine translation" (Weblate's threshold)


def matches_for(ctx: StoreContext, text: str, src: str, tgt: str, *, min_score: int,
                limit: int) -> list[Match]:
    """The matches of ``text`` whose target is in ``tgt``, best first; [] for a pair the
    memory does not hold (or a code that is no language)."""
    source, target = languages.parse(src), languages.parse(tgt)
    pairs = languages.memory_languages(ctx.languages)
    if not languages.answers(pairs, source, target):
        return []
    assert target is not None
    return [match for match in ctx.lookup.matches(text, min_score=min_score, limit=limit)
            if languages.parse(match.target_lang) == languages.Language(target.code)]


def best_target(ctx: StoreContext, text: str, src: str, tgt: str,
                min_score: int = MT_MIN_SCORE) -> str:
    """The best match's target, or '' when none reaches ``min_score``."""
    found = matches_for(ctx, text, src, tgt, min_score=min_score, limit=1)
    return found[0].target if found else ""


def pair_list(ctx: StoreContext) -> list[tuple[str, str]]:
    """(source, target) language subtags the memory answers, sorted."""
    return sorted(languages.memory_languages(ctx.languages))

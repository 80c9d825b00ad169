"""BCP 47 language tags as translation files write them.

Files spell the same language many ways (zh-CN, ZH-CN, zh_CN, zh-cn, zh-Hans, bare zh). We keep the
tag a file wrote, and compare through :func:`normalize` (canonical case, hyphen) and
:func:`primary` (the language subtag). CAT tools need canonical hyphenated tags on export:
OmegaT 3.6 does not match ``zh_CN`` or three-letter codes.

Also here: which languages a bilingual file holds (:func:`resolve_pair`, used by the PO and
XLIFF readers; :func:`posix_to_bcp47`, :func:`language_from_file_name`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .errors import UsageError

# language [-script] [-region] [-variants…]; also accepts '_' as separator and x-/i- tags.
_TAG = re.compile(r"^(?:[A-Za-z]{2,3}|[A-Za-z]{5,8}|[xXiI])(?:[-_][A-Za-z0-9]{1,8})*$")

# Non-ISO codes seen in real files, mapped to what they mean.
_ALIASES = {"sc": "zh-Hans", "tc": "zh-Hant", "zh-chs": "zh-Hans", "zh-cht": "zh-Hant"}

# POSIX locale modifiers that name a script (sr@latin, zh@hans).
_POSIX_SCRIPTS = {"latin": "Latn", "cyrillic": "Cyrl", "hans": "Hans", "hant": "Hant"}

# What a bare language means when a CAT tool wants a region (TBX export; TMX export when asked).
DEFAULT_REGION = {"zh": "zh-CN", "en": "en-US"}


# ISO 639-1 codes, and the 639-3 codes CAT tools meet for Chinese varieties: a user's --src/--tgt
# must name a real language (a typo such as 'zn' is an error, not an empty import).
KNOWN_LANGUAGES = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht
    hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la
    lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj
    om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv
    sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
    yue cmn wuu hak nan gan hsn zho chi fil haw ast ckb kab""".split()
)


@lru_cache(maxsize=4096)  # asked for every unit of an import
def is_valid(tag: str) -> bool:
    return bool(_TAG.match(tag)) or tag.lower() in _ALIASES


def check_known(tag: str) -> str:
    """Normalise a tag a user typed, refusing languages that do not exist."""
    norm = normalize(tag)
    if norm.split("-")[0] not in KNOWN_LANGUAGES:
        raise UsageError(f"unknown language tag {tag!r} (expected BCP 47, e.g. zh-CN or en)")
    return norm


@lru_cache(maxsize=4096)  # a file repeats its few tags on every unit
def normalize(tag: str) -> str:
    """Canonical spelling: 'ZH_cn' -> 'zh-CN', 'zh-hans' -> 'zh-Hans', 'EN' -> 'en'.

    Raises UsageError for something that is not a language tag.
    """
    raw = tag.strip()
    if raw.lower() in _ALIASES:
        return _ALIASES[raw.lower()]
    if not raw or not _TAG.match(raw):
        raise UsageError(f"unknown language tag {tag!r} (expected BCP 47, e.g. zh-CN or en)")
    parts = re.split(r"[-_]", raw)
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())  # script: Hans
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())  # region: CN, 419
        else:
            out.append(part.lower())
    return "-".join(out)


@lru_cache(maxsize=4096)  # asked for every term of a glossary, every unit of a check
def primary(tag: str) -> str:
    """The language subtag: 'zh-Hans-CN' -> 'zh', 'ZH_cn' -> 'zh', 'sc' -> 'zh'.

    Never fails: what is not a language tag gives its first part, lower-cased, so that
    comparing the languages of terms and segments read as they were written is always safe.
    """
    try:
        return normalize(tag).split("-")[0]
    except UsageError:
        return re.split(r"[-_]", tag.strip())[0].lower()


def best_match(wanted: str, tags: list[str]) -> str | None:
    """Pick from ``tags`` the one that serves ``wanted`` best: exact, then same language."""
    want = normalize(wanted)
    normal = {t: normalize(t) if is_valid(t) else t for t in tags}
    for t, n in normal.items():
        if n == want:
            return t
    for t, n in normal.items():
        if is_valid(t) and primary(n) == primary(want):
            return t
    return None


def for_export(tag: str, *, add_region: bool = True) -> str:
    """Tag for a CAT tool: canonical, hyphenated, and (``add_region``) with a region for bare
    zh/en. Segment exports keep the language as imported (``en`` stays ``en``) and add the
    region only when the user asks to normalise tags."""
    norm = normalize(tag)
    return DEFAULT_REGION.get(norm, norm) if add_region else norm


# --- the languages of a bilingual file ------------------------------------------------------

def posix_to_bcp47(locale: str) -> str | None:
    """'zh_TW.Big5' -> 'zh-TW', 'sr@latin' -> 'sr-Latn'; None when it names no language."""
    name, _, modifier = locale.strip().partition("@")
    name = name.split(".")[0]
    if not name:
        return None
    script = _POSIX_SCRIPTS.get(modifier.lower())
    try:
        tag = check_known(name)
    except UsageError:
        return None
    return f"{tag.split('-')[0]}-{script}{tag[len(tag.split('-')[0]):]}" if script else tag


def language_from_file_name(path: str | Path) -> str | None:
    """The language a gettext file name ends with: 'nautilus.af.po' -> 'af',
    'ExportTest1D_fr.po' -> 'fr', 'pt_BR.po' -> 'pt-BR'."""
    stem = Path(str(path)).name.rsplit(".", 1)[0]
    parts = re.split(r"[._-]", stem)
    for count in (2, 1):
        if len(parts) >= count:
            candidate = "_".join(parts[-count:])
            if re.fullmatch(r"[a-z]{2,3}(?:_(?:[A-Z]{2}|Hans|Hant))?", candidate):
                found = posix_to_bcp47(candidate)
                if found:
                    return found
    return None


def resolve_pair(file_src: str | None, file_tgt: str | None, wanted_src: str | None,
                 wanted_tgt: str | None) -> tuple[str, str, bool]:
    """(source language, target language, swap?) for a bilingual file.

    --src/--tgt name the languages the user wants; when they ask for the file's pair the other
    way round (--src zh-CN on an en→zh file), source and target are swapped, so that files of
    either direction feed one zh→en memory. Otherwise they override what the file says.
    """
    file_src, file_tgt = _canonical_or_as_is(file_src), _canonical_or_as_is(file_tgt)
    if (file_src and file_tgt and primary(file_src) != primary(file_tgt)
            and _same(wanted_src, file_tgt) is not False
            and _same(wanted_tgt, file_src) is not False
            and (_same(wanted_src, file_tgt) or _same(wanted_tgt, file_src))):
        return wanted_src or file_tgt, wanted_tgt or file_src, True
    return wanted_src or file_src or "", wanted_tgt or file_tgt or "", False


def _canonical_or_as_is(tag: str | None) -> str | None:
    if not tag:
        return None
    try:
        return normalize(tag)
    except UsageError:
        return tag  # the transfer layer names the unit whose tag is broken


def _same(wanted: str | None, tag: str) -> bool | None:
    """Whether a wanted language is ``tag``'s language; None when nothing is wanted."""
    if wanted is None:
        return None
    return is_valid(wanted) and is_valid(tag) and primary(wanted) == primary(tag)

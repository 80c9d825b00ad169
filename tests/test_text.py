"""Normalisation and language tags."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tm_tool import langtags
from tm_tool.errors import UsageError
from tm_tool.index.keys import han_mask, is_han_key, query_grams, tokens
from tm_tool.lookup.diff import pieces
from tm_tool.text import (
    HAN_CLASS,
    HAN_RANGES,
    detect_lang,
    is_han,
    match_key,
    match_keys,
    normalize_zh_for_terms,
    to_simplified,
)


def test_match_key_unifies_width_quotes_punctuation_and_spaces() -> None:
    assert match_key("  坚决做到“两个维护”。 ") == match_key('坚决做到"两个维护".')
    assert match_key("１３１０　具体部署") == match_key("1310 具体部署")
    assert match_key("Two Establishments") != match_key("two establishments")


def test_traditional_is_folded_into_simplified() -> None:
    assert to_simplified("兩個確立") == "两个确立"
    assert to_simplified("plain ASCII") == "plain ASCII"


def test_zh_term_view_drops_quotes_and_keeps_offsets() -> None:
    text = "“8+8+4”产业体系"
    norm, offsets = normalize_zh_for_terms(text)
    assert norm == "8+8+4产业体系"
    assert text[offsets[0]] == "8" and offsets[-1] == len(text)


@pytest.mark.parametrize(("text", "lang"), [("推动高质量发展", "zh"), ("Two Safeguards", "en"),
                                            ("“1310”具体部署", "zh"), ("8+8+4", "en")])
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


@pytest.mark.parametrize(("raw", "canonical"), [("zh_cn", "zh-CN"), ("ZH-CN", "zh-CN"),
                                                ("zh-hans", "zh-Hans"), ("EN", "en"),
                                                ("SC", "zh-Hans"), ("es-419", "es-419")])
def test_language_tags_are_canonicalised(raw: str, canonical: str) -> None:
    assert langtags.normalize(raw) == canonical


def test_best_match_prefers_exact_then_same_language() -> None:
    assert langtags.best_match("zh-CN", ["en-US", "zh-TW", "ZH_CN"]) == "ZH_CN"
    assert langtags.best_match("zh-CN", ["en-US", "zh-Hans"]) == "zh-Hans"
    assert langtags.best_match("fr", ["en-US", "zh-Hans"]) is None


def test_export_tags_have_a_region_and_a_hyphen() -> None:
    assert langtags.for_export("zh") == "zh-CN"
    assert langtags.for_export("en") == "en-US"
    assert langtags.for_export("zh_TW") == "zh-TW"


def test_unknown_languages_are_refused() -> None:
    with pytest.raises(UsageError):
        langtags.check_known("zn")
    with pytest.raises(UsageError):
        langtags.check_known("not a tag")


PIECES = ["a\u0301", "\u0301x", "ｆｕｌｌ\u3000ｗｉｄｔｈ", " x  y ", "“两个确立”——", "ﬁ", "\u1100",
          "\u1161", "e\u0327\u0301", "\x00", "，。！", "\n\t"]


@given(st.lists(st.lists(st.sampled_from(PIECES)).map("".join) | st.text(), max_size=6))
def test_match_keys_of_a_batch_are_each_texts_match_key(texts: list[str]) -> None:
    # batched through one normalisation of the joined texts: nothing may leak across them
    assert match_keys(texts) == [match_key(text) for text in texts]


# --- what a Han character is (text.HAN_RANGES) ---------------------------------------------

def test_an_extension_b_character_is_han_for_language_detection_the_index_and_the_diff(
        ) -> None:
    ext_b = "\U00020000"  # 𠀀, CJK Unified Ideographs Extension B
    for ch in (ext_b, "〇"):
        assert is_han(ch)
        assert detect_lang(ch * 3) == "zh"
        assert tokens(f"{ch}{ch}好") == [ch, ch, "好"]  # characters, as for any Han text
        assert is_han_key(query_grams(ch)[0][0])  # keyed by its code point
        assert pieces(f"{ch}{ch}好") == [ch, ch, "好"]  # the diff cuts it out alone
    assert not is_han("A") and tokens("𝐀𝐁 ok") == ["ab", "ok"]  # (astral letters: a word)


def test_is_han_the_regex_class_and_the_index_mask_are_the_same_set() -> None:
    codes = np.arange(0, HAN_RANGES[-1][1] + 0x100, dtype=np.int64)
    by_regex = re.compile(f"[{HAN_CLASS}]")
    expected = np.array([is_han(chr(c)) for c in codes.tolist()])
    assert (han_mask(codes) == expected).all()
    assert [c for c in codes.tolist() if bool(by_regex.match(chr(c))) != expected[c]] == []
    assert expected.sum() == sum(high - low + 1 for low, high in HAN_RANGES)

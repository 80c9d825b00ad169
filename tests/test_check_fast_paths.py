"""Every fast path of tm check gives what its slow path gives: on crafted texts and on every
line of the real-world files (../shared/realworld). Each fast path can be switched off (a
module's FAST flag), and each test compares the two ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm_tool.checks import spill
from tm_tool.checks.base import Finding
from tm_tool.checks.numerals import english

ENGLISH = [
    "", "and", "a", "A hundred and two people.", "a third of them", "half a million",
    "one in six", "the 1860s and the fifties", "Two-thirds of 300 patients", "twenty-four",
    "He said May 5 was a Monday.", "Millions of people", "thousands and thousands",
    "a dozen eggs", "the eleventh hour", "Firstly, secondly", "it doubled twice",
    "World War II", "the Eighties", "a quarter", "two halves", "one another, one by one",
    "café one", "résumé a hundred", "The ONE Campaign", "an eighth", "several hundred",
    "Sept. 9", "in their 50s", "No numbers at all here.", "millionss", "the first step",
]


def real_lines(shared: Path, suffix: str) -> list[str]:
    """Every line of the aligned real-world files ending in ``suffix``, and every line of
    their TMX and PO files (markup and all: the checks see such text too)."""
    root = shared / "realworld"
    lines = {line for path in sorted((root / "align").glob("**/*")) if path.suffix == suffix
             for line in path.read_text("utf-8", errors="replace").splitlines()}
    lines |= {line for sub in ("tmx", "po") for path in sorted((root / sub).glob("**/*"))
              if path.is_file() and path.suffix in (".tmx", ".po", ".pot")
              for line in path.read_text("utf-8", errors="replace").splitlines()}
    return sorted(lines)


def both_ways(monkeypatch: pytest.MonkeyPatch, module, function, texts) -> list[tuple]:
    fast = [function(t) for t in texts]
    monkeypatch.setattr(module, "FAST", False)
    slow = [function(t) for t in texts]
    monkeypatch.setattr(module, "FAST", True)
    return [(t, f, s) for t, f, s in zip(texts, fast, slow, strict=True) if f != s]


def test_english_numbers_fast_as_slow_on_crafted_texts(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    assert both_ways(monkeypatch, english, english.english_numbers, ENGLISH) == []


def test_english_numbers_fast_as_slow_on_real_lines(shared: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    lines = real_lines(shared, ".en")
    assert len(lines) > 1000
    assert both_ways(monkeypatch, english, english.english_numbers, lines) == []


FINDINGS = [
    Finding("term-missing", "error", "12", "源文本“引号”\t\n", 'say "hi" \\ \u2028 \x00 \x1f é',
            "msg", term="术语", expected="x"),
    Finding("number-mismatch", "error", "a/b:3", "", "", "", found="1", file="f.tmx", line=7,
            span=(0, 3), suppressed="accepted: reason"),
    Finding("inconsistent-target", "warning", "9", "s", "t", "m", related=["1", "f.po:3"]),
    Finding("length-ratio", "info", "0", "s", "t", "m", span=(), related=[]),
]


@pytest.mark.parametrize("finding", FINDINGS)
def test_spilled_finding_encoded_as_the_json_encoder_does(finding: Finding) -> None:
    assert spill.encode_finding(finding) == spill._ENCODER.encode(finding.as_dict())
    key = spill.sort_key(finding)
    assert spill.encode_key(key) == spill._ENCODER.encode(key)

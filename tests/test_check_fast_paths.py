"""Every fast path of tm check gives what its slow path gives: on crafted texts and on every
line of the real-world files (../shared/realworld). Each fast path can be switched off (a
module's FAST flag), and each test compares the two ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm_tool import transfer
from tm_tool.checks import spill, urls
from tm_tool.checks.base import Finding, Unit
from tm_tool.checks.numerals import english
from tm_tool.checks.runner import run_checks
from tm_tool.formats import ReadOptions
from tm_tool.model import Segment

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


def test_addresses_fast_as_slow_on_real_lines(shared: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    lines = real_lines(shared, ".en") + real_lines(shared, ".zh") + [
        "see www.example.org", "WwW.x.cn", "w.w.w. no", "awww. yes", "new.", "W."]
    assert sum(bool(urls.addresses(line)) for line in lines) > 20
    assert both_ways(monkeypatch, urls, urls.addresses, lines) == []


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


# --- whole runs: every fast path on, then off --------------------------------------------

FLAGS = [english, urls]  # the modules with a FAST flag


def run_both_ways(monkeypatch: pytest.MonkeyPatch, units: list[Unit], concepts=()
                  ) -> tuple[list[dict], list[dict]]:
    fast = [f.as_dict() for f in run_checks(units, list(concepts), jobs=1).findings]
    for module in FLAGS:
        monkeypatch.setattr(module, "FAST", False)
    slow = [f.as_dict() for f in run_checks(units, list(concepts), jobs=1).findings]
    for module in FLAGS:
        monkeypatch.setattr(module, "FAST", True)
    return fast, slow


def aligned_units(shared: Path) -> list[Unit]:
    """The aligned real-world sentences, each Chinese line with the English line of the same
    number (most such pairs are no translation of each other: numbers differ, as wanted)."""
    units = []
    for zh in sorted((shared / "realworld" / "align").glob("**/*.zh")):
        en = zh.with_suffix(".en")
        pairs = zip(zh.read_text("utf-8", errors="replace").splitlines(),
                    en.read_text("utf-8", errors="replace").splitlines(), strict=False)
        units += [Unit(Segment(z, e, "zh-CN", "en", line=i), zh.name)
                  for i, (z, e) in enumerate(pairs, 1)]
    return units


def test_check_fast_as_slow_on_aligned_real_lines_read_twice(shared: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    units = aligned_units(shared)
    units += [Unit(u.segment, u.file + ".again") for u in units]  # every text twice
    fast, slow = run_both_ways(monkeypatch, units)
    assert sum(f["check"] == "number-mismatch" for f in fast) > 100
    assert fast == slow


REAL = ["po/django/*zh*", "po/sphinx/*", "tmx/tico19/all.en-zh.tmx", "tmx/heartsome/*",
        "xliff/heartsome/*"]


def test_check_fast_as_slow_on_real_files(shared: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    root = shared / "realworld"
    paths = sorted(p for pattern in REAL for p in root.glob(pattern)
                   if p.name != "ImportTMXTest0.tmx")
    units = [Unit(seg, str(path)) for path in paths
             for seg in transfer.read_segments(path, options=ReadOptions())]
    assert len(units) > 1000
    fast, slow = run_both_ways(monkeypatch, units)
    assert fast == slow


def test_the_collector_collects_less_during_a_run_and_is_set_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from tm_tool.checks import runner

    seen = []
    of = runner._Plan.of
    monkeypatch.setattr(runner._Plan, "of", lambda *a: seen.append(gc.get_threshold()) or of(*a))
    before = gc.get_threshold()
    run_checks([Unit(Segment("三个", "three", "zh", "en"))], [])
    assert seen == [runner._GC_THRESHOLDS]
    assert gc.get_threshold() == before


def test_a_tm_checked_from_its_narrow_reads_as_from_its_whole_segments(shared: Path,
                                                                       tmp_path: Path) -> None:
    """tm check reads only rows.CHECKED_FIELDS of a TM's segments: what the checks find
    there is what they find in the whole segments (markup included: the real TMX and XLIFF
    files carry it)."""
    from tm_tool.checks.runner import run_store_checks
    from tm_tool.store import Store

    root = shared / "realworld"
    paths = sorted(p for pattern in REAL for p in root.glob(pattern)
                   if p.name != "ImportTMXTest0.tmx")
    segments = [seg for path in paths
                for seg in transfer.read_segments(path, options=ReadOptions())]
    assert sum(bool(s.source_markup or s.target_markup) for s in segments) > 100
    with Store.open(str(tmp_path / "tm.db"), create=True) as store:
        store.import_segments(segments, origin="real")
        whole = [Unit(seg) for seg in store.iter_segments(document_order=False)]
        narrow = [f.as_dict() for f in run_store_checks(store, [], jobs=1).findings]
    assert sum(f["check"] == "tag-mismatch" for f in narrow) > 10
    assert narrow == [f.as_dict() for f in run_checks(whole, [], jobs=1).findings]


# --- the conflicting groups, from the hashes the unit tasks send back ---------------------

def test_conflicting_groups_from_the_tasks_keys_as_the_store_selects_them(tmp_path: Path
                                                                         ) -> None:
    from array import array

    from tm_tool.checks.pool import BATCH
    from tm_tool.checks.runner import conflicting
    from tm_tool.store import Store

    texts = [("你好", "Hello"), ("你好", "Hi"), ("你好。", "hello"), ("再见", "Bye"),
             ("再见", "Bye"), ("谢谢", "Thanks"), ("感谢", "Thanks"), ("多谢", "thanks!"),
             ("一", "One"), ("二", "Two")] * 3 + [(f"句子{i}", f"Sentence {i % 7}")
                                                 for i in range(2 * BATCH + 50)]
    with Store.open(str(tmp_path / "tm.db"), create=True) as store:
        store.import_segments((Segment(s, t, "zh-CN", "en", position=i)
                               for i, (s, t) in enumerate(texts, 1)), origin="doc")
        expected = [tuple(row) for row in store.conflicting_keys()]
        keys = array("q")
        for first, last, _ in store.id_ranges(BATCH):
            for seg, source, target in store.keyed_segments_between(first, last):
                keys.extend((seg.id, source, target))
    ids, sources, targets = conflicting(keys)
    found = list(zip(ids.tolist(), sources.tolist(), targets.tolist(), strict=True))
    assert len(expected) > 2 * BATCH
    assert found == expected
    assert [len(a) for a in conflicting(array("q"))] == [0, 0, 0]

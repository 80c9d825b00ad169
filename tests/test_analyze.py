"""`tm analyze`: how much of new files the memory covers, band by band (tm_tool/workflow)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_corpus_db, missing, run_tm

from tm_tool.formats import ReadOptions
from tm_tool.store import Store
from tm_tool.workflow import BANDS, analyze
from tm_tool.workflow.analysis import band_of
from tm_tool.workflow.counting import count

TM = Path(sys.executable).parent / "tm"

MEMORY = [  # (zh, en) stored in the test memory
    ("全会由市委常委会主持。", "The plenary session was presided over by the Standing Committee."),
    ("全会听取和讨论了市委常委会的工作报告。", "The session heard and discussed the work report."),
    ("要认真落实省委“1310”具体部署，在“十五五”新征程上明确东莞定位、展现东莞担当。",
     "We must implement the provincial committee's '1310' plan."),
    ("坚决做到“两个维护”。", "Resolutely uphold the Two Upholds."),
]
UNTRANSLATED = "这个句子存入记忆库时没有译文。"


def tm(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TM_NO_PROGRESS": "1"}
    return subprocess.run([str(TM), *map(str, args)], capture_output=True, text=True, env=env,
                          check=False, timeout=300)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("analyze")
    table = folder / "memory.tsv"
    rows = ["zh\ten", *(f"{zh}\t{en}" for zh, en in MEMORY), f"{UNTRANSLATED}\t"]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = folder / "tm.db"
    proc = tm("--db", db, "import", "--keep-untranslated", table)
    assert proc.returncode == 0, proc.stderr
    return db


def write(path: Path, rows: list[str]) -> Path:
    path.write_text("id\tzh\ten\n" + "".join(f"{i}\t{zh}\tx\n" for i, zh in enumerate(rows, 1)),
                    encoding="utf-8")
    return path


def segments_per_band(result: dict) -> dict[str, int]:
    return {band: c["segments"] for band, c in result["bands"].items() if c["segments"]}


def test_bands_repetitions_and_untranslated_memory(memory: Path, tmp_path: Path) -> None:
    new = write(tmp_path / "new.tsv", [
        "全会由市委常委会主持。",  # 100
        "全会由市委常委会主持.",  # the same match key (。 = .): a repetition
        "全会听取和讨论了市委常委会的工作报告！",  # only the punctuation differs: 99
        "全会听取和讨论了市委常委会的工作汇报。",  # 2 characters of 18 replaced: 88
        "要认真落实市委“1310”具体部署，在“十五五”新征程上明确东莞定位、展现东莞担当。",  # 97
        "全会由市委常委会主持。",  # a repetition of the first
        UNTRANSLATED,  # stored without a translation: no match
        "今天天气很好。",  # no match
    ])
    with Store.open(memory) as store:
        result = analyze([new], store).as_dict()
    assert segments_per_band(result["files"][0]) == {
        "100": 1, "95-99": 2, "85-94": 1, "repetitions": 2, "no-match": 2}
    assert result["total"] == {k: v for k, v in result["files"][0].items() if k != "file"}
    assert list(result["files"][0]["bands"]) == list(BANDS)


def test_repetitions_count_across_files_first_occurrence_banded(memory: Path, tmp_path: Path
                                                                ) -> None:
    one = write(tmp_path / "one.tsv", ["今天天气很好。", "坚决做到“两个维护”。"])
    two = write(tmp_path / "two.tsv",
                ["今天天气很好。", "坚决做到“两个维护”。", "新的句子在这里。"])
    with Store.open(memory) as store:
        result = analyze([one, two], store).as_dict()
    first, second = (segments_per_band(f) for f in result["files"])
    assert first == {"no-match": 1, "100": 1}
    assert second == {"repetitions": 2, "no-match": 1}
    assert segments_per_band(result["total"]) == {"no-match": 2, "100": 1, "repetitions": 2}


@pytest.mark.parametrize(("score", "band"), [
    (100, "100"), (99, "95-99"), (95, "95-99"), (94, "85-94"), (85, "85-94"), (84, "75-84"),
    (75, "75-84"), (74, "50-74"), (50, "50-74"), (None, "no-match")])
def test_band_limits(score: int | None, band: str) -> None:
    assert band_of(score) == band


def test_fuzzy_matches_down_to_50_are_banded(memory: Path, tmp_path: Path) -> None:
    # 10 of the 19 characters kept, in order: a 52 % match (the fuzzy filter goes down to 50)
    new = write(tmp_path / "low.tsv", ["全会听取和讨论了市委某某某某某某某某某。"])
    with Store.open(memory) as store:
        result = analyze([new], store).as_dict()
    assert segments_per_band(result["total"]) == {"50-74": 1}


@pytest.mark.parametrize(("text", "zh", "words"), [
    ("全会由市委常委会主持。", 10, 0),
    ("2025年，COVID-19 疫情", 3, 2),  # a number is a word; COVID-19 is one
    ("Don't send e-mail to the U.S. office, it costs $1,000.50!", 0, 10),
    ("Hello %s, you have {0} messages.", 0, 6),  # placeholders count by their letters
    ("“” —— ……", 0, 0),  # punctuation counts nothing
])
def test_counts_as_cat_tools_count(text: str, zh: int, words: int) -> None:
    counted = count(text)
    assert (counted.zh_chars, counted.en_words) == (zh, words)


def test_plain_text_is_split_into_sentences(memory: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("全会由市委常委会主持。今天天气很好。\n\n坚决做到“两个维护”。全会由市委常委会主持。\n",
                    encoding="utf-8")
    with Store.open(memory) as store:
        result = analyze([text], store, options=ReadOptions(src="zh-CN")).as_dict()
    assert segments_per_band(result["total"]) == {"100": 2, "no-match": 1, "repetitions": 1}


# ------------------------------------------------------------- the demo's degraded delivery

DEMO_BANDS = {  # tm analyze demo-out/degraded.tsv against the demo database, band by band
    "repetitions": {"segments": 1, "zh_chars": 24, "en_words": 0},
    "100": {"segments": 54, "zh_chars": 2435, "en_words": 6},
    **{band: {"segments": 0, "zh_chars": 0, "en_words": 0}
       for band in ("95-99", "85-94", "75-84", "50-74", "no-match")},
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("demo")
    degraded = folder / "degraded.tsv"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_degraded.py"), str(degraded)],
                   check=True)
    return build_corpus_db(folder / "tm.db"), degraded


def test_demo_degraded_delivery_band_by_band(demo: tuple[Path, Path]) -> None:
    db, degraded = demo
    proc = tm("--db", db, "analyze", degraded, "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["files"][0]["file"] == str(degraded)
    assert result["files"][0]["bands"] == DEMO_BANDS
    assert result["total"]["total"] == {"segments": 55, "zh_chars": 2459, "en_words": 6}


def test_cli_text_and_csv(demo: tuple[Path, Path], tmp_path: Path) -> None:
    db, degraded = demo
    proc = tm("--db", db, "analyze", degraded)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == str(degraded)
    assert lines[2].split() == ["Repetitions", "1", "24", "0", "1.0", "%"]
    assert lines[3].split() == ["100", "%", "54", "2,435", "6", "99.0", "%"]
    assert lines[-1].split() == ["Total", "55", "2,459", "6", "100.0", "%"]
    out = tmp_path / "analysis.csv"
    proc = tm("--db", db, "analyze", degraded, "--format", "csv", "-o", out)
    assert proc.returncode == 0 and proc.stdout == "", proc.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 2 * (len(BANDS) + 1)
    total = {r["band"]: r for r in rows if r["file"] == "total"}
    assert total["100"]["segments"] == "54" and total["total"]["zh_chars"] == "2459"


@pytest.mark.parametrize(("make", "expected"), [
    (lambda d: d / "missing.tsv", "no such file"),
    (lambda d: (d / "bad.po").write_text('msgid "a\n', encoding="utf-8") and d / "bad.po",
     "bad.po"),
])
def test_a_bad_file_is_one_line_exit_2(demo: tuple[Path, Path], tmp_path: Path, make,
                                       expected: str) -> None:
    db, degraded = demo
    out = tmp_path / "report.json"
    proc = tm("--db", db, "analyze", degraded, make(tmp_path), "--json", "-o", out)
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tm: error: ") and expected in lines[0]
    assert proc.stdout == "" and not out.exists()


def test_usage_errors(demo: tuple[Path, Path]) -> None:
    db, degraded = demo
    assert run_tm("--db", db, "analyze", degraded, "--format", "html").exit_code == 2
    proc = tm("--db", db.parent / "none.db", "analyze", degraded)
    assert proc.returncode == 2 and proc.stderr.startswith("tm: error: ")


@pytest.mark.interop
def test_omegat_peer_counts_the_same_segments_and_exact_matches(demo: tuple[Path, Path],
                                                                tmp_path: Path) -> None:
    """scripts/omegat_stats.py (the bench's peer): OmegaT's console-translate statistics for
    the degraded delivery and the demo memory as TMX. It fills every segment from tm/auto, as
    ours bands them all 100 % or repetitions."""
    import omegat

    if not omegat.available():
        missing(f"OmegaT 3.6 ({omegat.JAR}) or java is not installed")
    sys.path.insert(0, str(ROOT / "scripts"))
    from omegat_stats import omegat_stats

    from tm_tool.workflow.analysis import read_sources

    db, degraded = demo
    tmx = tmp_path / "memory.tmx"
    assert tm("--db", db, "export", "--format", "tmx", "-o", tmx).returncode == 0
    stats = omegat_stats(list(read_sources(degraded)), tmx)
    assert stats["table"]["total"]["segments"] == 55
    assert stats["table"]["unique"]["segments"] == 54
    assert stats["exact"] == DEMO_BANDS["100"]["segments"] + DEMO_BANDS["repetitions"]["segments"]


def test_forked_workers_give_the_same_analysis(memory: Path, tmp_path: Path) -> None:
    """TM_WORKERS=2 forks the scorers at once (each opens its own connection), TM_WORKERS=1
    never: the same bands either way, in the files' order."""
    rows = [f"全会由市委常委会主持第{i}次。" for i in range(120)] + [zh for zh, _ in MEMORY] * 2
    one = write(tmp_path / "one.tsv", rows)
    two = write(tmp_path / "two.tsv", list(reversed(rows)))
    printed = []
    for workers in ("1", "2"):
        env = {**os.environ, "TM_NO_PROGRESS": "1", "TM_WORKERS": workers}
        proc = subprocess.run([str(TM), "--db", str(memory), "analyze", str(one), str(two),
                               "--json"], capture_output=True, text=True, env=env,
                              check=False, timeout=300)
        assert proc.returncode == 0, proc.stderr
        printed.append(json.loads(proc.stdout))
    assert printed[0] == printed[1]
    assert segments_per_band(printed[0]["files"][1]) == {"repetitions": len(rows)}
    assert printed[0]["files"][0]["bands"]["100"]["segments"] == len(MEMORY)

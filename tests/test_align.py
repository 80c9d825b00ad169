"""tm align: sentence alignment of a Chinese document and its English translation (#15)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS_DIR

from tm_tool.align import Document, Params, align_documents
from tm_tool.align.evaluate import read_gold, score
from tm_tool.align.features import number_items

ZH = """东莞

全会指出，当前已进入年末冲刺阶段。要做好经济社会发展各项工作。

全会审议通过了两个文件。市委委员、候补委员出席全会。
"""
EN = """Dongguan

The session noted that we are currently in the year-end sprint stage. We must do a good job \
in all work of economic and social development.

The session reviewed and adopted two documents. Members and alternate members of the \
Municipal Party Committee attended the session.
"""


def tm_process(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tm_tool", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, check=False)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    zh, en = tmp_path / "doc.zh.txt", tmp_path / "doc.en.txt"
    zh.write_text(ZH, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    return zh, en


def test_sentences_pair_up_one_to_one(tm, pair, tmp_path):
    result = tm("--db", tmp_path / "none.db", "align", *pair, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(b["zh"], b["en"]) for b in data["beads"]] == [([i], [i]) for i in range(5)]
    first = data["beads"][1]
    assert first["zh_text"] == "全会指出，当前已进入年末冲刺阶段。"
    assert first["en_text"].startswith("The session noted") and first["shape"] == "1-1"
    assert set(data["params"]) >= {"c", "s2", "alpha"}
    assert data["summary"]["beads"] == 5 and data["summary"]["zh_paragraphs"] == 3


def test_a_merged_translation_is_a_two_to_one_bead():
    zh = Document([["他昨天到了北京。", "他住在一家旅馆里。", "今天下雨了。"]])
    en = Document([["He arrived in Beijing yesterday and stayed in a hotel.", "It rained today."]])
    beads = align_documents(zh, en).beads
    assert [(b.zh, b.en) for b in beads] == [((0, 1), (0,)), ((2,), (1,))]


def test_numbers_are_read_by_the_number_checks_parser():
    assert "#15" in number_items("第十五届委员会", "zh")
    assert "#15" in number_items("the 15th Committee", "en")
    assert "#150000000" in number_items("1.5亿元", "zh")
    assert "#150000000" in number_items("150 million yuan", "en")


def test_an_untranslated_sentence_stands_alone():
    zh = Document([["第一条规定适用于所有公民。", "第二条规定了政府的职责和义务以及监督办法。",
                     "第三条自公布之日起施行。"]])
    en = Document([["Article 1 applies to all citizens.",
                    "Article 3 takes effect on the date of publication."]])
    beads = align_documents(zh, en, params=Params()).beads
    assert ((1,), ()) in [(b.zh, b.en) for b in beads]


def test_strict_and_lax_scores():
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ())]
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ())]
    found = score(test, gold)
    assert found["strict"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert found["lax"]["precision"] == 1.0 and found["lax"]["recall"] == 1.0


def test_gold_evaluation_on_lines(tm, tmp_path):
    (tmp_path / "a.zh").write_text("今天天气很好。\n我们去\t公园吧。\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("The weather is nice today.\nLet's go to the park.\n",
                                   encoding="utf-8")
    (tmp_path / "a.gold").write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    result = tm("--db", tmp_path / "none.db", "align", tmp_path / "a.zh", tmp_path / "a.en",
                "--lines", "--gold", tmp_path / "a.gold")
    assert result.exit_code == 0, result.stderr
    assert "strict  precision 1.0000  recall 1.0000  F1 1.0000" in result.stdout
    assert read_gold(tmp_path / "a.gold") == [((0,), (0,)), ((1,), (1,))]


def test_review_tsv_imports_with_its_status(pair, tmp_path):
    out = tmp_path / "pairs.tsv"
    done = tm_process("--db", tmp_path / "tm.db", "align", *pair, "-o", out, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert list(rows[0]) == ["id", "zh", "en", "score", "shape", "status"]
    assert {r["status"] for r in rows} <= {"translated", "needs-review"}
    done = tm_process("--db", tmp_path / "tm.db", "import", out, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "5 added" in done.stdout + done.stderr


@pytest.mark.parametrize("suffix", ["tmx", "html", "json"])
def test_other_outputs(tm, pair, tmp_path, suffix):
    out = tmp_path / f"pairs.{suffix}"
    result = tm("--db", tmp_path / "none.db", "align", *pair, "-o", out)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "全会指出，当前已进入年末冲刺阶段。" in text


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[bytes, bytes, str]]:
    good_zh, good_en = ZH.encode(), EN.encode()
    return {
        "empty": (b"", good_en, "empty"),
        "one-sided": (good_zh, b"\n\n", "empty"),
        "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", good_en, "binary"),
        "encoding": ("全会指出。".encode("gb18030"), good_en, "not valid utf-8"),
        "swapped": (good_en, good_zh, "Chinese"),
        "long line": (b"a" * (50 << 20), good_en, "characters"),
    }


@pytest.mark.parametrize("case", ["empty", "one-sided", "binary", "encoding", "swapped",
                                  "long line"])
def test_bad_input_is_one_line_and_nothing_written(tmp_path, case):
    zh_bytes, en_bytes, words = _bad_inputs(tmp_path)[case]
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_bytes(zh_bytes)
    en.write_bytes(en_bytes)
    out = tmp_path / "pairs.tsv"
    done = tm_process("--db", tmp_path / "none.db", "align", zh, en, "-o", out, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("tm: error: ")
    assert words.lower() in done.stderr.lower()
    assert not out.exists() and "Traceback" not in done.stderr


def _seed_chinese(tmp_path: Path) -> tuple[Path, list[dict]]:
    with (CORPUS_DIR / "dongguan-10th-plenary.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    paras: dict[str, list[str]] = {}
    for row in rows:
        paras.setdefault(row["para"], []).append(row["zh"])
    path = tmp_path / "seed.zh.txt"
    path.write_text("\n\n".join("".join(p) for p in paras.values()) + "\n", encoding="utf-8")
    return path, rows


@pytest.mark.shared
def test_seed_article_reproduces_the_corpus(tm, tmp_path, shared):
    zh, rows = _seed_chinese(tmp_path)
    en = shared / "seed" / "000_5dbff7d3c8078df1.txt"
    result = tm("--db", tmp_path / "none.db", "align", zh, en, "--json")
    assert result.exit_code == 0, result.stderr
    pairs = {(b["zh_text"], b["en_text"]) for b in json.loads(result.stdout)["beads"]}
    reproduced = sum((r["zh"], r["en"]) in pairs for r in rows)
    assert reproduced >= 0.95 * len(rows)


@pytest.mark.shared
@pytest.mark.slow
def test_ctk_document_scores_high(tm, shared):
    base = shared / "realworld" / "align" / "ctk" / "930422f"
    result = tm("align", f"{base}.zh", f"{base}.en", "--lines", "--gold", f"{base}.gold",
                "--json", "--no-anchors")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["evaluation"]["strict"]["f1"] >= 0.93


def test_glossary_terms_and_tm_pairs_are_shared_evidence(corpus_db):
    from tm_tool.align.anchors import extras_from
    from tm_tool.store import Store

    zh = ["以实际行动坚定拥护“两个确立”。", "市委委员、候补委员出席全会。"]
    en = ["We firmly support the “Two Establishments” with concrete actions.",
          "Members and alternate members of the Municipal Party Committee attended the session."]
    with Store.open(corpus_db) as store:
        extras = extras_from(store, zh, en)
    assert extras.zh_terms[0] and set(extras.zh_terms[0]) == set(extras.en_terms[0])
    assert extras.zh_anchors[1] and extras.zh_anchors[1] == extras.en_anchors[1]
    assert not extras.zh_anchors[0]


def test_anchors_come_from_the_database(tm, corpus_db, pair, tmp_path):
    plain = tm("--db", tmp_path / "none.db", "align", *pair, "--json")
    anchored = tm("--db", corpus_db, "align", *pair, "--json")
    assert plain.exit_code == anchored.exit_code == 0, anchored.stderr
    scores = [b["score"] for b in json.loads(anchored.stdout)["beads"]]
    plain_scores = [b["score"] for b in json.loads(plain.stdout)["beads"]]
    assert scores[-1] > plain_scores[-1]  # the last pair is a TM segment: a sure anchor

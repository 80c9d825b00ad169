"""tm score agrees with sacrebleu's own command line, both directions, and uses the zh
tokenizer for Chinese targets."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS_DIR, run_tm

from tm_tool.scoring import Pair, score

ZH_REF = ["坚持“两个确立”、坚决做到“两个维护”。", "推动经济社会高质量发展。",
          "加快培育壮大新质生产力。", "稳步扩大高水平对外开放。"]
ZH_HYP = ["坚持两个确立，做到两个维护。", "推动高质量发展。", "加快培育新质生产力。",
          "扩大高水平对外开放。"]
EN_REF = ["Uphold the Two Establishments and the Two Safeguards.",
          "Promote high-quality economic and social development.",
          "Foster and expand new quality productive forces at a faster pace.",
          "Steadily advance high-level opening up."]
EN_HYP = ["Uphold the Two Affirmations and Two Safeguards.",
          "Promote high quality development.",
          "Foster new productive forces faster.",
          "Steadily advance high-level opening-up."]


def sacrebleu_cli(ref: Path, hyp: Path, pair: str, *extra: str) -> dict[str, float]:
    binary = shutil.which("sacrebleu", path=str(Path(sys.executable).parent)) or shutil.which(
        "sacrebleu")
    assert binary, "sacrebleu's command line is installed with the package"
    proc = subprocess.run([binary, str(ref), "-i", str(hyp), "-m", "bleu", "chrf", "ter",
                           "-l", pair, "-w", "2", "-f", "json", *extra],
                          capture_output=True, text=True, check=True)
    return {item["name"].lower().rstrip("2"): item["score"] for item in json.loads(proc.stdout)}


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("pair", "hyps", "refs", "tgt", "extra"), [
    ("zh-en", EN_HYP, EN_REF, "en", ()),
    ("en-zh", ZH_HYP, ZH_REF, "zh-CN", ("--ter-normalized", "--ter-asian-support")),
])
def test_figures_equal_sacrebleus_command_line(tmp_path: Path, pair, hyps, refs, tgt, extra
                                               ) -> None:
    hyp = write_lines(tmp_path / "hyp.txt", hyps)
    ref = write_lines(tmp_path / "ref.txt", refs)
    expected = sacrebleu_cli(ref, hyp, pair, *extra)
    result = run_tm("score", hyp, "--ref", ref, "--tgt", tgt, "--json")
    assert result.exit_code == 0, result.stderr
    ours = {name: fig["score"] for name, fig in json.loads(result.stdout)["metrics"].items()}
    for name in ("bleu", "chrf", "ter"):
        assert round(ours[name], 2) == pytest.approx(expected[name], abs=0.005), name


def test_a_chinese_target_gets_the_zh_tokenizer() -> None:
    pairs = [Pair(str(i), "", h, r) for i, (h, r) in enumerate(zip(ZH_HYP, ZH_REF, strict=True))]
    zh = score(pairs, tgt_lang="zh")
    assert "tok:zh" in zh.corpus["bleu"].signature
    assert "asian:yes" in zh.corpus["ter"].signature and "norm:yes" in zh.corpus["ter"].signature
    wrong = score(pairs, tgt_lang="en")  # what sacrebleu's 13a default would say
    assert wrong.corpus["bleu"].score < 5 < zh.corpus["bleu"].score - 20


def test_worst_segments_come_first_and_references_come_from_the_tm(tmp_path: Path,
                                                                  corpus_db: Path) -> None:
    degraded = tmp_path / "degraded.tsv"
    subprocess.run([sys.executable, str(CORPUS_DIR.parent / "scripts" / "make_degraded.py"),
                    str(degraded)], check=True)
    extra = degraded.read_text(encoding="utf-8") + "999\t这句话不在记忆库里。\tNot in the TM.\n"
    degraded.write_text(extra, encoding="utf-8")
    result = run_tm("--db", corpus_db, "score", degraded, "--src", "zh-CN", "--tgt", "en",
                    "--json", "--worst", "3")
    data = json.loads(result.stdout)
    assert data["without_reference"] == 1 and data["unmatched_units"] == ["999"]
    worst = data["worst"]
    assert worst[0]["unit"] == "17" and worst[0]["chrf"] == 0.0  # the dropped sentence
    assert worst[0]["chrf"] <= worst[1]["chrf"] <= worst[2]["chrf"] < 100
    assert data["metrics"]["chrf"]["score"] < 100


def test_fail_under_gates_ci(tmp_path: Path) -> None:
    hyp = write_lines(tmp_path / "hyp.txt", EN_HYP)
    ref = write_lines(tmp_path / "ref.txt", EN_REF)
    base = ["score", hyp, "--ref", ref, "--tgt", "en"]
    assert run_tm(*base, "--fail-under", "chrf=10").exit_code == 0
    assert run_tm(*base, "--fail-under", "chrf=99").exit_code == 1
    assert run_tm(*base, "--fail-under", "ter=1").exit_code == 1  # TER: lower is better
    assert run_tm(*base, "--fail-under", "meteor=1").exit_code == 2


def test_mismatched_files_are_refused(tmp_path: Path) -> None:
    hyp = write_lines(tmp_path / "hyp.txt", EN_HYP)
    ref = write_lines(tmp_path / "ref.txt", EN_REF[:2])
    result = run_tm("score", hyp, "--ref", ref, "--tgt", "en")
    assert result.exit_code == 2 and "4 hypotheses but 2 references" in result.stderr


def test_chrf_plus_on_a_chinese_target_warns(tmp_path: Path) -> None:
    hyp = write_lines(tmp_path / "hyp.txt", ZH_HYP)
    ref = write_lines(tmp_path / "ref.txt", ZH_REF)
    data = json.loads(run_tm("score", hyp, "--ref", ref, "--tgt", "zh", "--chrf-plus",
                             "--json").stdout)
    assert "nw:2" in data["metrics"]["chrf"]["signature"]
    assert any("chrF++" in w for w in data["warnings"])

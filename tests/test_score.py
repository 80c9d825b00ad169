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


# --- the library API: score_files ------------------------------------------------------

def test_score_files_gives_what_tm_score_prints(tmp_path: Path) -> None:
    from tm_tool.scoring import score_files

    hyp = write_lines(tmp_path / "hyp.txt", EN_HYP)
    ref = write_lines(tmp_path / "ref.txt", EN_REF)
    report = score_files(hyp, ref, tgt="en")
    assert report.target_lang == "en" and len(report.segments) == 4 and report.warnings == []
    assert set(report.corpus) == {"bleu", "chrf", "ter"}
    cli = json.loads(run_tm("score", hyp, "--ref", ref, "--tgt", "en", "--json").stdout)
    assert cli == {**report.as_dict(10), "failed_gates": []}


def test_failed_gates_are_the_metrics_that_miss_their_limit(tmp_path: Path) -> None:
    from tm_tool.scoring import parse_gates, score_files

    report = score_files(write_lines(tmp_path / "hyp.txt", EN_HYP),
                         write_lines(tmp_path / "ref.txt", EN_REF), tgt="en",
                         metrics=["chrf", "ter"])
    chrf, ter = report.corpus["chrf"].score, report.corpus["ter"].score
    assert report.failed_gates({"chrf": chrf - 1, "ter": ter + 1}) == []
    assert report.failed_gates({"chrf": chrf + 1, "ter": ter - 1}) == ["chrf", "ter"]
    assert report.failed_gates({"bleu": 99.0}) == []  # not scored: no gate
    assert parse_gates(["CHRF=60", "ter=40.5"]) == {"chrf": 60.0, "ter": 40.5}


@pytest.mark.parametrize("spec", ["chrf", "meteor=1", "chrf=abc"])
def test_a_bad_gate_is_refused(spec: str) -> None:
    from tm_tool.errors import UsageError
    from tm_tool.scoring import parse_gates

    with pytest.raises(UsageError, match="--fail-under"):
        parse_gates([spec])


def test_the_target_language_comes_from_tgt_the_file_name_or_the_text(tmp_path: Path) -> None:
    from tm_tool.scoring import score_files

    named = score_files(write_lines(tmp_path / "hyp.zh", ZH_HYP),
                        write_lines(tmp_path / "ref.zh", ZH_REF))
    assert named.target_lang == "zh" and "tok:zh" in named.corpus["bleu"].signature
    looked = score_files(write_lines(tmp_path / "hyp.txt", ZH_HYP),
                         write_lines(tmp_path / "ref.txt", ZH_REF))
    assert looked.target_lang == "zh"
    said = score_files(tmp_path / "hyp.txt", tmp_path / "ref.txt", tgt="zh-CN")
    assert said.target_lang == "zh" and said.warnings == []


def test_references_in_another_language_are_warned_about(tmp_path: Path) -> None:
    from tm_tool.scoring import score_files

    report = score_files(write_lines(tmp_path / "hyp.txt", ZH_HYP),
                         write_lines(tmp_path / "ref.txt", EN_REF), tgt="zh")
    assert report.warnings == ["the target language is zh but the references look like en: "
                               "say --tgt"]


def test_score_files_takes_references_from_the_tm(tmp_path: Path, corpus_db: Path) -> None:
    from tm_tool.scoring import score_files
    from tm_tool.store import Store

    delivery = tmp_path / "d.tsv"
    delivery.write_text("id\tzh\ten\n1\t东莞\tDongguan\n2\t这句话不在记忆库里。\tNot in it.\n",
                        encoding="utf-8")
    report = score_files(delivery, store=corpus_db, src="zh-CN", tgt="en")
    assert [s.pair.reference for s in report.segments] == ["Dongguan"]
    assert report.unmatched == ["2"] and report.corpus["chrf"].score == 100
    with Store.open(corpus_db) as store:
        assert score_files(delivery, store=store, src="zh-CN", tgt="en").as_dict() == \
            report.as_dict()


def test_score_files_refuses_what_it_cannot_score(tmp_path: Path, corpus_db: Path) -> None:
    from tm_tool.errors import UsageError
    from tm_tool.scoring import metric_names, score_files

    hyp = write_lines(tmp_path / "hyp.txt", EN_HYP)
    with pytest.raises(UsageError, match="without sources"):
        score_files(hyp, store=corpus_db)
    with pytest.raises(UsageError, match="4 hypotheses but 2 references"):
        score_files(hyp, write_lines(tmp_path / "ref.txt", EN_REF[:2]))
    with pytest.raises(UsageError, match="no references"):
        score_files(hyp)
    with pytest.raises(UsageError, match="--metrics takes"):
        metric_names("bleu,meteor")

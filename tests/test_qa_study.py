"""The QA study of issue #12 as tests: recall on the seeded-error set (real pairs with one known
error each, in TMX, TSV and PO) and the clean units flagged; precision per check on the real zh
files from the verdicts kept in tests/fixtures/qa (see scripts/qa_study.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location("qa_study", ROOT / "scripts" / "qa_study.py")
qa_study = importlib.util.module_from_spec(spec)
spec.loader.exec_module(qa_study)


@pytest.fixture(scope="module")
def seeded_results() -> dict[str, dict]:
    return qa_study.seeded_study()


@pytest.mark.parametrize("fmt", ["tmx", "tsv", "po"])
def test_seeded_errors_are_found_in_every_format(seeded_results, fmt: str) -> None:
    result = seeded_results[fmt]
    missed = {kind: f"{found}/{total}" for kind, (found, total) in result["kinds"].items()
              if found < total}
    assert result["recall"] >= 0.98, missed


@pytest.mark.parametrize("fmt", ["tmx", "tsv", "po"])
def test_few_clean_units_are_flagged_at_error(seeded_results, fmt: str) -> None:
    assert seeded_results[fmt]["clean_at_error"] <= 0.04


def test_seeded_set_has_every_kind_of_error() -> None:
    kinds = {line.split("\t")[2] for line in
             (qa_study.SEEDED / "manifest.tsv").read_text("utf-8").splitlines()[1:]}
    assert kinds >= set(qa_study.KINDS) | {"clean"}
    assert Path(qa_study.SEEDED / "seeded.zh-en.po").exists()


def test_every_check_at_error_or_warning_is_right_nine_times_in_ten_on_real_files(shared
                                                                                    ) -> None:
    """The sampled findings on the real zh files all have a kept verdict (a change that brings
    new findings into the sample must have them judged) and each error or warning check is
    precise; `python scripts/qa_study.py real --todo FILE` lists the findings to judge."""
    findings = qa_study.real_findings()
    verdicts = qa_study.load_verdicts()
    for check, items in qa_study.sample(findings).items():
        judged = [verdicts.get(qa_study.verdict_key(f["file"], f["unit"], check, f["source"],
                                                    f["target"])) for f in items]
        unjudged = [(f["file"], f["unit"]) for f, v in zip(items, judged, strict=True) if not v]
        assert not unjudged, f"{check}: judge these and keep the verdicts: {unjudged}"
        if items[0]["severity"] in ("error", "warning"):
            true = sum(v[0] == "true" for v in judged)
            assert true / len(judged) >= 0.9, f"{check}: {true}/{len(judged)}"

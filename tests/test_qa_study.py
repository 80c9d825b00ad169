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

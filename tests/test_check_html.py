"""The HTML report renders in a real browser (headless Chromium) and its filter works."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import GLOSSARY_DIR, require_program, run_tm

pytestmark = pytest.mark.interop

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("html")
    delivery = tmp / "delivery.tsv"
    delivery.write_text(
        "id\tzh\ten\n1\t坚定拥护“两个确立”。\tWe uphold the “Two Affirmations”.\n"
        "2\t第十五届委员会。\tThe 16th Committee.\n"
        "3\t全会由市委常委会主持。\tThe Standing Committee presided over the session。\n"
        "4\t<b>标题</b>\tA </script><script>alert(1)</script> title\n",
        encoding="utf-8")
    out = tmp / "qa.html"
    result = run_tm("--db", tmp / "none.db", "check", delivery, "--glossary",
                    GLOSSARY_DIR / "dongguan-slogans.tsv", "--src", "zh-CN", "--tgt", "en",
                    "--format", "html", "-o", out)
    assert result.exit_code == 1, result.stderr
    return out


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    binary = require_program("chromium")
    return subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={tmp / 'profile'}",
                           *args], capture_output=True, text=True, timeout=120, check=False)


def test_report_is_one_self_contained_page(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert not re.search(r"(src|href)=\"https?://", page)  # no network needed
    assert "<script>alert(1)</script>" not in page  # the delivery's text is data, not markup


def test_rendered_rows_and_filter_in_chromium(report: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", report.as_uri()).stdout
    rows = re.findall(r'<tr class="(error|warning|info)', dom)
    assert len(rows) >= 4 and "error" in rows, dom[-2000:]
    assert "Two Affirmations" in dom
    filtered = chromium(tmp_path, "--dump-dom", report.as_uri() + "#chk=term-forbidden").stdout
    assert re.findall(r'<tr class="(error|warning|info)', filtered) == ["error"]
    assert "1 of " in filtered


def test_screenshot_is_a_real_picture(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "qa.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,800", report.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # not a blank page

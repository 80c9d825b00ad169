"""Our TMX export, accepted by the real programs: xmllint (TMX 1.4 DTD), Translate Toolkit,
and OmegaT 3.6 in console mode."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import omegat
import pytest
from conftest import CORPUS_DIR, missing, require_module, require_program, run_tm

pytestmark = pytest.mark.interop


@pytest.fixture(scope="module")
def corpus_tmx(tmp_path_factory, corpus_db: Path) -> Path:
    out = tmp_path_factory.mktemp("tmx") / "corpus.tmx"
    result = run_tm("--db", corpus_db, "export", "--format", "tmx", "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def tricky_tmx(tmp_path_factory) -> Path:
    """Markup-like text, CJK punctuation, tabs, inline codes from an import."""
    tmp = tmp_path_factory.mktemp("tricky")
    source = tmp / "in.tmx"
    source.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="zh-CN" segtype="sentence" '
        'o-tmf="x" adminlang="en" datatype="plaintext" creationtool="x" creationtoolversion="1"/>'
        '<body><tu tuid="a"><tuv xml:lang="zh-CN"><seg>“两个确立”&lt;&amp;&gt;]]&gt;\t《意见》'
        '</seg></tuv><tuv xml:lang="en"><seg>the “Two Establishments” &lt;&amp;&gt;]]&gt;\t'
        '</seg></tuv></tu><tu tuid="b"><tuv xml:lang="zh-CN"><seg>见<ph x="1">&lt;br/&gt;</ph>'
        '附件</seg></tuv><tuv xml:lang="en"><seg>See <bpt i="1">&lt;a&gt;</bpt>the annex'
        '<ept i="1">&lt;/a&gt;</ept></seg></tuv></tu></body></tmx>\n', encoding="utf-8")
    db = tmp / "tm.db"
    assert run_tm("--db", db, "import", source).exit_code == 0
    out = tmp / "out.tmx"
    assert run_tm("--db", db, "export", "-o", out).exit_code == 0
    return out


def corpus_rows() -> list[dict[str, str]]:
    rows = []
    for path in sorted(CORPUS_DIR.glob("*.tsv")):
        with open(path, encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows


@pytest.mark.shared
@pytest.mark.parametrize("which", ["corpus_tmx", "tricky_tmx"])
def test_export_is_valid_against_the_tmx14_dtd(shared: Path, which: str, request) -> None:
    xmllint = require_program("xmllint")
    tmx = request.getfixturevalue(which)
    proc = subprocess.run([xmllint, "--noout", "--nonet", "--dtdvalid",
                           str(shared / "spec" / "tmx14.dtd"), str(tmx)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_translate_toolkit_reads_the_same_units_and_texts(corpus_tmx: Path) -> None:
    require_module("translate")
    from translate.storage import tmx as tt_tmx

    store = tt_tmx.tmxfile.parsefile(str(corpus_tmx))
    units = [u for u in store.units if not u.isheader()]
    rows = corpus_rows()
    assert [u.source for u in units] == [r["zh"] for r in rows]
    assert [u.target for u in units] == [r["en"] for r in rows]


def test_omegat_fills_the_corpus_english_from_our_tmx(tmp_path: Path, corpus_tmx: Path) -> None:
    if not omegat.available():
        missing(f"OmegaT 3.6 ({omegat.JAR}) or java is not installed")
    rows = corpus_rows()
    target = omegat.translate(tmp_path, [r["zh"] for r in rows], corpus_tmx)
    filled = sum(1 for row, line in zip(rows, target, strict=False) if line == row["en"])
    assert filled / len(rows) >= 0.95, f"OmegaT used {filled}/{len(rows)} of our translations"


def test_omegat_really_rejects_a_broken_tmx(tmp_path: Path, corpus_tmx: Path) -> None:
    """The check above can fail: a TMX OmegaT cannot use fills nothing."""
    if not omegat.available():
        missing(f"OmegaT 3.6 ({omegat.JAR}) or java is not installed")
    broken = tmp_path / "broken.tmx"
    broken.write_text(corpus_tmx.read_text(encoding="utf-8").replace('xml:lang="zh-CN"',
                                                                     'xml:lang="zh_CN"'),
                      encoding="utf-8")
    rows = corpus_rows()[:5]
    target = omegat.translate(tmp_path, [r["zh"] for r in rows], broken)
    assert not any(line == row["en"] for row, line in zip(rows, target, strict=False))

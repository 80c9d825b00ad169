"""PO: reading real files, export that msgfmt and Translate Toolkit accept, round trip."""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import pytest
from conftest import require_module, require_program, run_tm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tm_tool.formats import ReadOptions
from tm_tool.formats.po import PoFormat
from tm_tool.model import Segment
from tm_tool.store import Store


def seg(source: str, target: str, **kw) -> Segment:
    return Segment(source=source, target=target, source_lang="zh-CN", target_lang="en", **kw)


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    db = tmp_path / "tm.db"
    with Store.open(db, create=True) as store:
        store.import_segments([
            seg("两个确立", "Two Establishments", position=1, note="official slogan"),
            seg("两个确立", "the Two Establishments", position=2),  # same source, 2 targets
            seg("推动高质量发展。", "Promote high-quality development.", position=3,
                status="fuzzy"),
            seg('引号"与\\反斜杠\t制表', 'quote " and \\ backslash\ttab\nline', position=4),
        ], origin="plenary")
    out = tmp_path / "out.po"
    result = run_tm("--db", db, "export", "--format", "po", "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


@pytest.mark.interop
def test_msgfmt_check_accepts_our_po(exported: Path) -> None:
    msgfmt = require_program("msgfmt")
    proc = subprocess.run([msgfmt, "--check", "--statistics", "-o", "/dev/null", str(exported)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "3 translated messages, 1 fuzzy translation" in proc.stderr


def test_a_repeated_source_gets_a_context(exported: Path) -> None:
    text = exported.read_text(encoding="utf-8")
    assert text.count('msgid "两个确立"') == 2
    assert text.count("msgctxt") == 1
    assert '"Language: en\\n"' in text and '"X-Source-Language: zh-CN\\n"' in text
    assert "#. official slogan" in text and "#: plenary:1" in text
    assert "#, fuzzy" in text


@pytest.mark.interop
def test_translate_toolkit_reads_the_same_units(exported: Path) -> None:
    require_module("translate")
    from translate.storage import po as tt_po

    units = [u for u in tt_po.pofile.parsefile(str(exported)).units if not u.isheader()]
    assert [u.source for u in units] == ["两个确立", "两个确立", "推动高质量发展。",
                                         '引号"与\\反斜杠\t制表']
    assert units[3].target == 'quote " and \\ backslash\ttab\nline'
    assert units[2].isfuzzy()


def test_reading_maps_fuzzy_context_and_references(exported: Path) -> None:
    units = list(PoFormat().read(exported, ReadOptions()))
    assert [u.status for u in units] == ["translated", "translated", "fuzzy", "translated"]
    assert units[1].unit_id is not None and units[0].unit_id is None
    assert (units[0].origin, units[0].position, units[0].note) == ("plenary", 1,
                                                                   "official slogan")
    assert (units[0].source_lang, units[0].target_lang) == ("zh-CN", "en")


def export(db: Path, out: Path) -> str:
    assert run_tm("--db", db, "export", "--format", "po", "-o", out).exit_code == 0
    return re.sub(r'"(POT-Creation|PO-Revision)-Date: [^"]*"', "", out.read_text("utf-8"))


def test_round_trip(exported: Path, tmp_path: Path) -> None:
    db = tmp_path / "rt.db"
    assert run_tm("--db", db, "import", exported).exit_code == 0
    original = re.sub(r'"(POT-Creation|PO-Revision)-Date: [^"]*"', "",
                      exported.read_text(encoding="utf-8"))
    assert export(db, tmp_path / "again.po") == original


po_text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
                  | st.sampled_from(list('"\\\t\n“”，。《》 ')), min_size=1, max_size=30
                  ).filter(lambda s: s.strip())


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(po_text, po_text), min_size=1, max_size=5))
def test_round_trip_random_text(tmp_path_factory, pairs) -> None:
    tmp = tmp_path_factory.mktemp("po")
    with Store.open(tmp / "a.db", create=True) as store:
        store.import_segments([seg(s, t, position=i) for i, (s, t) in enumerate(pairs, 1)],
                              origin="doc")
    first = export(tmp / "a.db", tmp / "a.po")
    assert run_tm("--db", tmp / "b.db", "import", tmp / "a.po").exit_code == 0
    assert export(tmp / "b.db", tmp / "b.po") == first


def test_declared_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "ru.po"
    path.write_bytes(('msgid ""\nmsgstr ""\n"Language: ru\\n"\n'
                      '"Content-Type: text/plain; charset=windows-1251\\n"\n\n'
                      '#Abbreviated comment\nmsgid "Allows links."\nmsgstr "Позволяет ссылки."\n'
                      ).encode("cp1251"))
    (unit,) = PoFormat().read(path, ReadOptions())
    assert unit.target == "Позволяет ссылки." and unit.target_lang == "ru"


def test_plural_entries_give_one_segment_per_form(tmp_path: Path) -> None:
    path = tmp_path / "p.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "%d file"\n'
                    'msgid_plural "%d files"\nmsgstr[0] "%d fichier"\nmsgstr[1] "%d fichiers"\n',
                    encoding="utf-8")
    units = list(PoFormat().read(path, ReadOptions()))
    assert [(u.source, u.target, u.unit_id) for u in units] == [
        ("%d file", "%d fichier", "[0]"), ("%d files", "%d fichiers", "[1]")]


@pytest.mark.shared
def test_every_real_world_po_imports(shared: Path, tmp_path: Path) -> None:
    with open(shared / "realworld" / "MANIFEST.tsv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["file"].endswith(".po")]
    assert len(rows) >= 10
    for i, row in enumerate(rows):
        path = shared / "realworld" / row["file"]
        result = run_tm("--db", tmp_path / f"{i}.db", "import", path)
        if result.exit_code == 2:  # no Language anywhere: one clear line, then --tgt works
            assert result.stderr.count("tm: error:") == 1 and "--tgt" in result.stderr
            result = run_tm("--db", tmp_path / f"{i}.db", "import", "--tgt", "fr", path)
        assert result.exit_code == 0, (row["file"], result.stderr)
        assert "Traceback" not in result.stderr

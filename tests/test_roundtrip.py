"""Data kept exactly through import → export: PO plurals and contexts, inline codes into TMX
1.4b and PO, whitespace, language tags, origins (real files from ../shared/realworld)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from conftest import require_program, run_tm


def _po_entries(path: Path) -> tuple[set, set]:
    """(msgctxt, msgid) keys, and the plural entries with their forms, as polib reads them."""
    po = polib.pofile(str(path))
    live = [e for e in po if not e.obsolete and e.msgid]
    keys = {(e.msgctxt, e.msgid) for e in live}
    plurals = {(e.msgctxt, e.msgid, e.msgid_plural, tuple(sorted(e.msgstr_plural.items())))
               for e in live if e.msgid_plural}
    return keys, plurals


@pytest.mark.parametrize("name, args", [
    ("django/humanize_zh_Hans_django.po", ()),
    ("django/admin_zh_Hans_django.po", ()),
    ("okapi/AllCasesTest.po", ("--tgt", "fr")),
])
def test_po_plurals_and_contexts_round_trip(shared: Path, tmp_path: Path, name: str,
                                            args: tuple[str, ...]) -> None:
    original = shared / "realworld" / "po" / name
    db, out = tmp_path / "tm.db", tmp_path / "out.po"
    # untranslated entries too: the export must have every entry the file had
    result = run_tm("--db", db, "import", "--keep-untranslated", *args, original)
    assert result.exit_code == 0, result.stderr
    result = run_tm("--db", db, "export", "-o", out)
    assert result.exit_code == 0, result.stderr
    msgfmt = require_program("msgfmt")
    proc = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    keys, plurals = _po_entries(original)
    got_keys, got_plurals = _po_entries(out)
    assert keys - got_keys == set()  # gettext finds every entry by (msgctxt, msgid)
    assert plurals and plurals - got_plurals == set()  # msgid, msgid_plural, msgstr[n]


def test_every_plural_form_is_a_segment_a_lookup_finds(shared: Path, tmp_path: Path) -> None:
    db = tmp_path / "tm.db"
    po = shared / "realworld" / "po" / "okapi" / "AllCasesTest.po"
    assert run_tm("--db", db, "import", "--tgt", "fr", po).exit_code == 0
    entry = next(e for e in polib.pofile(str(po)) if e.msgid_plural and e.msgstr_plural[1])
    result = run_tm("--db", db, "lookup", entry.msgid_plural, "--json")
    assert entry.msgstr_plural[1] in result.stdout


def test_tsv_export_of_plural_forms_names_the_entry(tmp_path: Path) -> None:
    po = tmp_path / "p.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "%d file"\n'
                  'msgid_plural "%d files"\nmsgstr[0] "%d fichier"\nmsgstr[1] "%d fichiers"\n',
                  encoding="utf-8")
    db = tmp_path / "tm.db"
    assert run_tm("--db", db, "import", po).exit_code == 0
    result = run_tm("--db", db, "export", "--format", "tsv", "-o", "-")
    ids = [line.split("\t")[0] for line in result.stdout.splitlines()[1:]]
    assert ids == ["1[0]", "1[1]"]  # entry 1, forms 0 and 1 (was "[0]", "[1]")


# --- inline codes ------------------------------------------------------------------------------

def _xliff_files(shared: Path) -> list[Path]:
    return sorted(p for p in (shared / "realworld" / "xliff").rglob("*") if p.is_file())


def test_tmx_exported_from_every_xliff_file_is_valid_tmx_14b(shared: Path,
                                                            tmp_path: Path) -> None:
    xmllint = require_program("xmllint")
    dtd = shared / "realworld" / "spec" / "tmx14.dtd"
    invalid = []
    for n, xliff in enumerate(_xliff_files(shared)):
        db, out = tmp_path / f"{n}.db", tmp_path / f"{n}.tmx"
        # units with codes but no translation yet export too; PAS-10 names no target-language
        options = ["--keep-untranslated"] + (["--tgt", "fr"] if "PAS-10" in xliff.name else [])
        result = run_tm("--db", db, "import", *options, xliff)
        assert result.exit_code == 0, result.stderr
        assert run_tm("--db", db, "export", "--format", "tmx", "-o", out).exit_code == 0
        proc = subprocess.run([xmllint, "--noout", "--dtdvalid", str(dtd), str(out)],
                              capture_output=True, text=True)
        if proc.returncode:
            invalid.append((xliff.name, proc.stderr.splitlines()[-1:]))
    assert invalid == []


def test_xliff_codes_become_tmx_codes_and_po_text(tmp_path: Path) -> None:
    from tm_tool.formats.inline import to_text, to_tmx

    xliff = ('a<g id="1" ctype="bold">b<x id="2"/>c</g><ph id="3">&lt;br/&gt;</ph>'
             '<bx id="4" rid="7"/>d<ex id="5" rid="7"/>')
    assert to_tmx(xliff) == (
        'a<bpt i="1" x="1">&lt;g id="1" ctype="bold"&gt;</bpt>b<ph x="2">&lt;x id="2"/&gt;</ph>'
        'c<ept i="1">&lt;/g&gt;</ept><ph x="3">&lt;br/&gt;</ph>'
        '<it pos="begin" x="4">&lt;bx id="4" rid="7"/&gt;</it>d'
        '<it pos="end" x="5">&lt;ex id="5" rid="7"/&gt;</it>')
    assert to_text(xliff, "abcd") == "a{1}b{2}c{/1}<br/>{7}d{/7}"
    tmx = '<bpt i="1">&lt;b&gt;</bpt>x<ept i="1">&lt;/b&gt;</ept><ph x="2"/>'
    assert to_tmx(tmx) == tmx.replace('<ph x="2"/>', '<ph x="2"></ph>')  # already valid: kept


def test_po_export_keeps_the_codes_of_xliff_units(shared: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "tm.db", tmp_path / "out.po"
    xliff = shared / "realworld" / "xliff" / "heartsome" / "Test.txt.xlf"
    assert run_tm("--db", db, "import", xliff).exit_code == 0
    assert run_tm("--db", db, "export", "-o", out).exit_code == 0
    entries = {e.msgid: e.msgstr for e in polib.pofile(str(out))}
    assert entries["This <b>is the first </b>test."] == "这是<b>第一个</b>测试。"


# --- whitespace --------------------------------------------------------------------------------

def test_tsv_and_xliff_keep_spaces_at_the_ends_but_not_indentation(tmp_path: Path) -> None:
    tsv = tmp_path / "ws.tsv"
    tsv.write_text("id\tzh\ten\n1\t 全会。 \t The session. \n", encoding="utf-8")
    xlf = tmp_path / "ws.xlf"
    xlf.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a"'
        ' source-language="zh-CN" target-language="en" datatype="plaintext"><body>\n'
        '<trans-unit id="1"><source>全会。</source><target> The session. </target>'
        '</trans-unit>\n<trans-unit id="2">\n  <source>\n    东莞\n  </source>\n'
        '  <target>\n    Dongguan\n  </target>\n</trans-unit>\n</body></file></xliff>\n',
        encoding="utf-8")
    from tm_tool.transfer import read_segments

    assert [(s.source, s.target) for s in read_segments(tsv, options=_zh_en())] == [
        (" 全会。 ", " The session. ")]
    assert [(s.source, s.target) for s in read_segments(xlf)] == [
        ("全会。", " The session. "), ("东莞", "Dongguan")]
    result = run_tm("check", xlf, "--checks", "whitespace", "--fail-on", "never")
    assert "leading space" in result.stdout and "trailing space" in result.stdout


def _zh_en():
    from tm_tool.formats import ReadOptions

    return ReadOptions(src="zh-CN", tgt="en")


# --- untranslated units, origins, language tags ---------------------------------------------

def test_untranslated_units_are_skipped_and_counted_unless_kept(tmp_path: Path) -> None:
    po = tmp_path / "p.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: zh_TW\\n"\n\nmsgid "Contents"\nmsgstr ""\n\n'
                  'msgid "Index"\nmsgstr "索引"\n', encoding="utf-8")
    db = tmp_path / "tm.db"
    result = run_tm("--db", db, "import", po)
    assert result.exit_code == 0, result.stderr
    assert "1 added, 0 already stored, 1 untranslated skipped" in result.stdout
    kept = tmp_path / "kept.db"
    assert run_tm("--db", kept, "import", "--keep-untranslated", po).exit_code == 0
    for database in (db, kept):  # never a match with an empty target
        assert "no TM match" in run_tm("--db", database, "lookup", "Contents").stderr


def test_files_with_one_stem_are_two_documents(tmp_path: Path) -> None:
    tsv = tmp_path / "ws.tsv"
    tsv.write_text("id\tzh\ten\n1\t全会。\tThe session.\n", encoding="utf-8")
    csv = tmp_path / "ws.csv"
    csv.write_text("id,zh,en\n1,全会。,The session.\n", encoding="utf-8")
    db = tmp_path / "tm.db"
    result = run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", tsv, csv)
    assert result.stdout.count("1 added") == 2, result.stdout
    import json

    stats = json.loads(run_tm("--db", db, "stats", "--json").stdout)
    assert [o["name"] for o in stats["origins"]] == ["ws.csv", "ws.tsv"]


def test_a_document_named_by_its_stem_in_an_older_database_is_found_again(tmp_path: Path
                                                                         ) -> None:
    from tm_tool.model import Segment
    from tm_tool.store import Store

    tsv = tmp_path / "ws.tsv"
    tsv.write_text("id\tzh\ten\n1\t全会。\tThe session.\n", encoding="utf-8")
    db = tmp_path / "tm.db"
    with Store.open(db, create=True) as store:  # as an import before origins had extensions
        store.import_segments([Segment("全会。", "The session.", "zh-CN", "en", position=1,
                                       unit_id="1")], origin="ws", origin_path=str(tsv))
    result = run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", tsv)
    assert "0 added, 1 already stored" in result.stdout, result.stdout


def test_language_tags_are_written_as_imported_unless_normalised(tmp_path: Path) -> None:
    tsv = tmp_path / "t.tsv"
    tsv.write_text("zh\ten\n全会。\tThe session.\n", encoding="utf-8")
    db = tmp_path / "tm.db"
    assert run_tm("--db", db, "import", "--src", "zh", "--tgt", "en", tsv).exit_code == 0
    out = tmp_path / "out.tmx"
    assert run_tm("--db", db, "export", "-o", out).exit_code == 0
    text = out.read_text("utf-8")
    assert 'srclang="zh"' in text and '<tuv xml:lang="en">' in text  # was zh-CN / en-US
    assert run_tm("--db", db, "export", "-o", out, "--normalize-tags").exit_code == 0
    text = out.read_text("utf-8")
    assert 'xml:lang="zh-CN"' in text and 'xml:lang="en-US"' in text


# --- refusals on import --------------------------------------------------------------------------

def test_languages_no_column_has_are_refused(tmp_path: Path) -> None:
    tsv = tmp_path / "d.tsv"
    tsv.write_text("id\tzh\ten\n1\t全会。\tThe session.\n", encoding="utf-8")
    result = run_tm("--db", tmp_path / "tm.db", "import", "--src", "fr", "--tgt", "de", tsv)
    assert (result.exit_code, result.stderr) == (
        2, f"tm: error: {tsv}:1: no 'fr' column (columns: id, zh, en)\n")


def test_tmx_saved_as_tsv_is_named_for_what_it_is(shared: Path, tmp_path: Path) -> None:
    tsv = tmp_path / "m.tsv"
    tsv.write_bytes((shared / "realworld" / "tmx" / "okapi" / "sample14b.tmx").read_bytes())
    result = run_tm("--db", tmp_path / "tm.db", "import", "--src", "en", "--tgt", "fr", tsv)
    assert result.exit_code == 2
    assert result.stderr == f"tm: error: {tsv}:1: looks like XML/TMX; use --format tmx\n"


def test_encoding_option_reads_a_gbk_table(tmp_path: Path) -> None:
    tsv = tmp_path / "g.tsv"
    tsv.write_bytes("zh\ten\n全会。\tThe session.\n".encode("gbk"))
    db = tmp_path / "tm.db"
    refused = run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", tsv)
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    result = run_tm("--db", db, "import", "--src", "zh-CN", "--tgt", "en", "--encoding", "gbk",
                    tsv)
    assert result.exit_code == 0 and "1 added" in result.stdout
    bad = run_tm("--db", db, "import", "--encoding", "nosuch", tsv)
    assert bad.exit_code == 2 and "unknown encoding 'nosuch'" in bad.stderr


def test_a_tsv_export_to_stdout_that_meets_a_tab_writes_nothing(tmp_path: Path) -> None:
    from tm_tool.model import Segment
    from tm_tool.store import Store

    db = tmp_path / "tm.db"
    with Store.open(db, create=True) as store:
        store.import_segments([Segment("甲", "A", "zh-CN", "en", position=1),
                               Segment("乙", "B\tb", "zh-CN", "en", position=2)], origin="d")
    result = run_tm("--db", db, "export", "--format", "tsv", "-o", "-")
    assert result.exit_code == 2 and "a tab or line break" in result.stderr
    assert result.stdout == ""  # was the header and the first row

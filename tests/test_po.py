"""PO: real-world quirks on import; export that msgfmt, polib and Translate Toolkit accept;
export → import → export gives the same file."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import require_module, require_program, run_tm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tm_tool.formats import ReadOptions, WriteOptions
from tm_tool.formats.po import PoFormat, format_entry
from tm_tool.model import Segment
from tm_tool.store import Store
from tm_tool.text import nfc

DATA = Path(__file__).parent / "data" / "po"
DATES = re.compile(r'"(POT-Creation|PO-Revision)-Date: [^"]*"')


def seg(source: str, target: str, **kw) -> Segment:
    return Segment(source=source, target=target, source_lang="zh-CN", target_lang="en", **kw)


def read(path: Path, **options) -> tuple[list[Segment], list[str]]:
    warnings: list[str] = []
    units = list(PoFormat().read(path, ReadOptions(warn=warnings.append, **options)))
    return units, warnings


def export(db: Path, out: Path, *args: str) -> str:
    """Export a database to PO; the text without its (time-dependent) dates."""
    result = run_tm("--db", db, "export", "--format", "po", "-o", out, *args)
    assert result.exit_code == 0, result.stderr
    return DATES.sub("", out.read_text("utf-8"))


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
            seg("“1310”具体部署", '"1310" specific deployment', position=5, status="new"),
        ], origin="plenary 2025")
    out = tmp_path / "out.po"
    export(db, out)
    return out


# --- export ----------------------------------------------------------------------------------

@pytest.mark.interop
def test_msgfmt_check_accepts_our_po(exported: Path) -> None:
    msgfmt = require_program("msgfmt")
    proc = subprocess.run([msgfmt, "--check", "--statistics", "-o", "/dev/null", str(exported)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr  # --check-header finds every field it wants
    assert "3 translated messages, 2 fuzzy translations" in proc.stderr


def test_export_header_and_entries(exported: Path) -> None:
    text = exported.read_text(encoding="utf-8")
    for field in ('"Language: en\\n"', '"X-Source-Language: zh-CN\\n"',
                  '"Content-Type: text/plain; charset=UTF-8\\n"',
                  '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', '"X-Generator: tm_tool ',
                  '"PO-Revision-Date: 20', '"MIME-Version: 1.0\\n"'):
        assert field in text
    # PO forbids a repeated msgid without a context: the second rendering gets one.
    assert text.count('msgid "两个确立"') == 2
    assert text.count("msgctxt") == 1 and 'msgctxt "plenary 2025:2"' in text
    assert "#. official slogan" in text
    assert "#: plenary%202025:1" in text  # a reference is one token: the space is encoded
    assert text.count("#, fuzzy") == 2
    assert 'msgid "“1310”具体部署"\nmsgstr "\\"1310\\" specific deployment"' in text


@pytest.mark.interop
def test_translate_toolkit_reads_the_same_units(exported: Path) -> None:
    require_module("translate")
    from translate.storage import po as tt_po

    units = [u for u in tt_po.pofile.parsefile(str(exported)).units if not u.isheader()]
    assert [u.source for u in units] == ["两个确立", "两个确立", "推动高质量发展。",
                                         '引号"与\\反斜杠\t制表', "“1310”具体部署"]
    assert units[3].target == 'quote " and \\ backslash\ttab\nline'
    assert units[2].isfuzzy() and not units[0].isfuzzy()
    assert units[1].getcontext() == "plenary 2025:2"


def test_reading_our_export_restores_origin_position_note_and_status(exported: Path) -> None:
    units, warnings = read(exported)
    assert warnings == []
    # PO knows translated and fuzzy: an unfinished translation ("new" here) is fuzzy.
    assert [u.status for u in units] == ["translated", "translated", "fuzzy", "translated",
                                         "fuzzy"]
    assert [(u.origin, u.position) for u in units] == [("plenary 2025", n) for n in range(1, 6)]
    assert units[0].note == "official slogan" and units[0].unit_id is None
    assert units[1].unit_id == "plenary 2025:2"
    assert (units[0].source_lang, units[0].target_lang) == ("zh-CN", "en")


def test_round_trip(exported: Path, tmp_path: Path) -> None:
    db = tmp_path / "rt.db"
    assert run_tm("--db", db, "import", exported).exit_code == 0
    assert export(db, tmp_path / "again.po") == DATES.sub("", exported.read_text("utf-8"))


def _export_a_line_break_mismatch(tmp_path: Path) -> tuple[object, Path]:
    """`tm export` to PO of one segment whose source ends in a line break and target not."""
    db = tmp_path / "tm.db"
    with Store.open(db, create=True) as store:
        store.import_segments([seg("标题\n", "Title", position=1)], origin="doc")
    out = tmp_path / "out.po"
    result = run_tm("--db", db, "export", "--format", "po", "-o", out)
    assert result.exit_code == 0
    return result, out


@pytest.mark.interop
def test_a_line_break_msgfmt_would_refuse_is_written_as_fuzzy(tmp_path: Path) -> None:
    msgfmt = require_program("msgfmt")
    result, out = _export_a_line_break_mismatch(tmp_path)
    assert "1 units whose source and translation disagree" in result.stderr
    assert '#, fuzzy\nmsgid "标题\\n"\nmsgstr "Title"' in out.read_text("utf-8")
    subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(out)], check=True)


def test_the_po_writer_warns_through_its_options_and_prints_nothing(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    warnings: list[str] = []
    out = tmp_path / "out.po"
    units = [seg("标题\n", "Title", position=1)]
    assert PoFormat().write(units, out, WriteOptions(warn=warnings.append)) == 1
    assert warnings == [f"{out}: 1 units whose source and translation disagree about a leading "
                        "or trailing line break were written as fuzzy (msgfmt refuses them as "
                        "translations)"]
    PoFormat().write(units, out, WriteOptions())  # no warn given: the library stays quiet
    assert capfd.readouterr() == ("", "")


def test_tm_export_prints_the_writers_warning(tmp_path: Path) -> None:
    result, out = _export_a_line_break_mismatch(tmp_path)
    assert f"tm: warning: {out}: 1 units whose source and translation disagree" in result.stderr


# The escaper is a faster copy of polib's formatting: prove they write the same bytes.
any_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
                   | st.sampled_from(list('"\\\t\n\r\v\b\f\u2028\x85\x1c“”，。《》 　')),
                   max_size=40)
line = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                             blacklist_characters="\x1c\x1d\x1e\x85"), max_size=20)


@settings(max_examples=300, deadline=None)
@given(msgid=any_text.filter(bool), msgstr=any_text, msgctxt=st.none() | any_text,
       comment=st.lists(line, max_size=3), tcomment=st.lists(line, max_size=3),
       refs=st.lists(st.from_regex(r"[a-z/._]{1,12}(:[0-9]{1,4})?", fullmatch=True),
                     max_size=3),
       flags=st.lists(st.sampled_from(["fuzzy", "c-format", "python-format"]), max_size=2,
                      unique=True))
def test_format_entry_writes_what_polib_writes(msgid, msgstr, msgctxt, comment, tcomment,
                                               refs, flags) -> None:
    occurrences = [tuple(r.split(":")) if ":" in r else (r, "") for r in refs]
    entry = polib.POEntry(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt,
                          comment="\n".join(comment), tcomment="\n".join(tcomment),
                          occurrences=occurrences, flags=flags)
    assert format_entry(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt, comment="\n".join(comment),
                        tcomment="\n".join(tcomment), occurrences=occurrences,
                        flags=flags) == entry.__unicode__(wrapwidth=0)


po_text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
                  | st.sampled_from(list('"\\\t\n\r“”，。《》 \u2028\x85\u3000')),
                  min_size=1, max_size=30).filter(lambda s: s.strip())


def _random_db(path: Path, rows: list[tuple[str, str, str | None]]) -> None:
    with Store.open(path, create=True) as store:
        store.import_segments([seg(s, t, position=i, note=n)
                               for i, (s, t, n) in enumerate(rows, 1)], origin="doc")


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(po_text, po_text, st.none() | po_text), min_size=1,
                     max_size=6))
def test_round_trip_random_text(tmp_path_factory, rows) -> None:
    tmp = tmp_path_factory.mktemp("po")
    rows += rows[:1]  # a repeated source (and pair) forces a context
    _random_db(tmp / "a.db", rows)
    first = export(tmp / "a.db", tmp / "a.po")
    result = run_tm("--db", tmp / "b.db", "import", tmp / "a.po")
    assert result.exit_code == 0, result.stderr
    assert export(tmp / "b.db", tmp / "b.po") == first
    imported = [(s.source, s.target) for s in PoFormat().read(tmp / "a.po", ReadOptions())]
    # the store keeps text in NFC (so that one text has one form), the export writes it so
    assert imported == [(nfc(s), nfc(t)) for s, t, _ in rows]


@pytest.mark.interop
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(po_text, po_text, st.none() | po_text), min_size=1,
                     max_size=6))
def test_msgfmt_accepts_random_exports(tmp_path_factory, rows) -> None:
    msgfmt = require_program("msgfmt")
    tmp = tmp_path_factory.mktemp("po")
    _random_db(tmp / "a.db", rows + rows)
    export(tmp / "a.db", tmp / "a.po")
    proc = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(tmp / "a.po")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


# --- import ----------------------------------------------------------------------------------

def test_contexts_plurals_fuzzy_and_comments_of_a_django_catalogue() -> None:
    units, _ = read(DATA / "django.zh_CN.po")
    assert [(u.source, u.target, u.unit_id, u.status) for u in units] == [
        ("May", "五月", "abbrev. month", "translated"),
        ("May", "五月", "alt. month", "translated"),
        ("Delete selected %(verbose_name_plural)s", "删除所选的 %(verbose_name_plural)s", None,
         "translated"),
        ("Two Establishments", "两个确立", None, "fuzzy"),
        ("Not yet translated", "", None, "new"),
        # one plural form (nplurals=1): msgstr[0] translates msgid_plural; obsolete: skipped
        ("%(count)s objects", "%(count)s 个对象", "6[0]", "translated"),  # entry 6, form 0
    ]
    assert {(u.source_lang, u.target_lang) for u in units} == {("en", "zh-CN")}
    assert units[0].note == "Translators: the name of a month"
    assert units[2].props == [("reference", "contrib/admin/actions.py:31"),
                              ("reference", "contrib/admin/options.py:120"),
                              ("translator-comment", "Reviewed by the Beijing team"),
                              ("po-flags", "python-format")]
    assert [u.line for u in units[:3]] == [11, 17, 22]
    assert units[0].origin is None  # references to source code are not documents


def test_contexts_and_references_survive_po_to_po(tmp_path: Path) -> None:
    db = tmp_path / "tm.db"
    result = run_tm("--db", db, "import", DATA / "django.zh_CN.po")
    assert result.exit_code == 0, result.stderr
    text = export(db, tmp_path / "out.po")
    assert 'msgctxt "abbrev. month"\nmsgid "May"' in text
    assert 'msgctxt "alt. month"\nmsgid "May"' in text
    assert ("# Reviewed by the Beijing team\n#: django.zh_CN.po:3 contrib/admin/actions.py:31 "
            "contrib/admin/options.py:120\n#, python-format\n") in text
    assert '"Language: zh_CN\\n"' in text and '"X-Source-Language: en\\n"' in text


def test_asking_for_the_pair_the_other_way_round_swaps_msgid_and_msgstr(tmp_path: Path) -> None:
    units, _ = read(DATA / "django.zh_CN.po", src="zh-CN", tgt="en")
    assert [(u.source, u.target, u.source_lang, u.target_lang) for u in units][2:4] == [
        ("删除所选的 %(verbose_name_plural)s", "Delete selected %(verbose_name_plural)s",
         "zh-CN", "en"),
        ("两个确立", "Two Establishments", "zh-CN", "en")]
    assert "Not yet translated" not in {u.target for u in units}  # no zh text: left out


def test_declared_charset_and_bare_comment_of_the_drupal_file() -> None:
    (unit,), warnings = read(DATA / "drupal-cp1251.po")
    assert unit.source == ("Allows filtered input of various types of informational, "
                           "context-related links.")
    assert unit.target == "Позволяет вводить различные контент-зависимые ссылки."
    assert unit.target_lang == "ru" and warnings == []


def test_a_headerless_latin1_file_imports_with_one_warning(tmp_path: Path) -> None:
    result = run_tm("--db", tmp_path / "tm.db", "import", "--tgt", "fr", "--json",
                    DATA / "latin1-no-header.po")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("tm: warning:") == 1
    assert "no charset declared and line 5 is not UTF-8; read as windows-1252" in result.stderr
    units, _ = read(DATA / "latin1-no-header.po", tgt="fr")
    assert units[1].target == "Caractères accentués : é à ç"
    assert units[0].target == "Texte avec 3 espaces [   ] et 2 [  ]"


@pytest.mark.parametrize(("name", "where", "message"), [
    ("utf8-broken.po", ":10", "not valid UTF-8 text (byte 0xe8"),
    ("unescaped-quote.po", ":9", "not a valid PO file: unescaped double quote"),
    ("latin1-no-header.po", "", "the header names no Language"),
])
def test_a_broken_file_is_refused_with_one_line(tmp_path: Path, name: str, where: str,
                                                message: str) -> None:
    db = tmp_path / "tm.db"
    result = run_tm("--db", db, "import", DATA / name)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tm: error: {DATA / name}{where}: ")
    assert message in result.stderr and result.stderr.count("\n") == 1
    if db.exists():
        stats = json.loads(run_tm("--db", db, "stats", "--json").stdout)
        assert stats["segments"] == 0


@pytest.mark.parametrize(("language", "tag"), [("zh_TW.Big5", "zh-TW"), ("sr@latin", "sr-Latn"),
                                               ("pt_BR", "pt-BR"), ("zh_Hans", "zh-Hans")])
def test_posix_locales_in_the_header_become_language_tags(tmp_path: Path, language: str,
                                                          tag: str) -> None:
    path = tmp_path / "x.po"
    path.write_text(f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n\nmsgid "File"\n'
                    'msgstr "X"\n', encoding="utf-8")
    (unit,), _ = read(path)
    assert unit.target_lang == tag


def test_the_file_name_gives_the_language_when_the_header_does_not(tmp_path: Path) -> None:
    path = tmp_path / "nautilus.af.po"
    path.write_text('msgid "File"\nmsgstr "Lêer"\n', encoding="utf-8")
    (unit,), warnings = read(path)
    assert unit.target_lang == "af"
    assert warnings == ["no Language in the header; the file name says af"]


def test_plural_forms_give_one_segment_each(tmp_path: Path) -> None:
    path = tmp_path / "p.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgctxt "files"\nmsgid "%d file"\n'
                    'msgid_plural "%d files"\nmsgstr[0] "%d fichier"\nmsgstr[1] "%d fichiers"\n',
                    encoding="utf-8")
    units, _ = read(path)
    assert [(u.source, u.target, u.unit_id) for u in units] == [
        ("%d file", "%d fichier", "files[0]"), ("%d files", "%d fichiers", "files[1]")]

"""TMX: reading real files, the LISA compliance kit, export that round-trips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_tm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tm_tool.errors import InputError
from tm_tool.fileio import decode
from tm_tool.formats import ReadOptions, WriteOptions
from tm_tool.formats.tmx import TmxFormat, is_one_sentence
from tm_tool.model import Segment
from tm_tool.store import Store

KIT = Path("tmx") / "lisa-compkit"


def read(path: Path, **options) -> list[Segment]:
    return list(TmxFormat().read(path, ReadOptions(**options)))


def write_tmx(tmp_path: Path, body: str, decl: str = '<?xml version="1.0"?>') -> Path:
    path = tmp_path / "t.tmx"
    path.write_text(f'{decl}\n<tmx version="1.4"><header srclang="zh-CN" segtype="sentence" '
                    f'o-tmf="x" adminlang="en" datatype="plaintext" creationtool="x" '
                    f'creationtoolversion="1"/><body>{body}</body></tmx>\n', encoding="utf-8")
    return path


def expected_lines(path: Path) -> list[str]:
    return decode(path.read_bytes(), path).splitlines()  # UTF-8 or UTF-16, with a BOM


@pytest.mark.shared
@pytest.mark.parametrize("letter", list("ABCDEFGHI"))
def test_lisa_compliance_kit_import(shared: Path, letter: str) -> None:
    folder = shared / "realworld" / KIT
    expected = sorted((folder / "expected").glob(f"ImportTest1{letter}_*.txt"))
    assert expected, letter
    target_lang = re.search(r"_([a-z]{2}-[a-z]{2})\.txt$", expected[0].name).group(1)
    units = read(folder / f"ImportTest1{letter}.tmx", src="en-US", tgt=target_lang)
    assert [u.source for u in units] == expected_lines(folder / "expected"
                                                       / f"ImportTest1{letter}.txt")
    assert [u.target for u in units] == expected_lines(expected[0])


@pytest.mark.shared
def test_language_codes_match_whatever_their_spelling(shared: Path) -> None:
    units = read(shared / "realworld" / "tmx" / "omegat" / "test-multiple-tuv14.tmx",
                 src="en-us", tgt="fr_CA")
    # fr-CA where the unit has it, else the same language in another region
    assert [u.target_lang for u in units] == ["fr-CA", "fr-FR"]
    tico = read(shared / "realworld" / "tmx" / "tico19" / "all.en-zh.tmx", src="en",
                tgt="zh-CN")
    assert len(tico) == 3071
    assert tico[0].target_lang == "zh"  # the file's own tag is kept


def test_inline_markup_is_kept_and_left_out_of_the_text(tmp_path: Path) -> None:
    path = write_tmx(tmp_path, '<tu tuid="7"><tuv xml:lang="zh-CN"><seg>坚持<bpt i="1">&lt;b&gt;'
                     '</bpt>两个确立<ept i="1">&lt;/b&gt;</ept></seg></tuv><tuv xml:lang="en">'
                     '<seg>the <hi x="1">Two Establishments</hi><ph>{0}</ph></seg></tuv></tu>')
    (unit,) = read(path)
    assert unit.source == "坚持两个确立"
    assert unit.target == "the Two Establishments"
    assert unit.source_markup == ('坚持<bpt i="1">&lt;b&gt;</bpt>两个确立<ept i="1">&lt;/b&gt;'
                                  "</ept>")
    assert unit.unit_id == "7"


def test_broken_units_are_skipped_with_a_warning_or_stop_under_strict(tmp_path: Path) -> None:
    path = write_tmx(tmp_path, '<tu tuid="ok"><tuv xml:lang="zh-CN"><seg>甲</seg></tuv>'
                     '<tuv xml:lang="en"><seg>A</seg></tuv></tu>'
                     '<tu tuid="lonely"><tuv xml:lang="en"><seg>only English</seg></tuv></tu>')
    warnings: list[str] = []
    units = read(path, warn=warnings.append)
    assert [u.unit_id for u in units] == ["ok"]
    assert len(warnings) == 1 and "tu lonely" in warnings[0]
    with pytest.raises(InputError, match="no <tuv> in the source language"):
        read(path, strict=True)


def test_strict_import_writes_nothing(tmp_path: Path) -> None:
    path = write_tmx(tmp_path, '<tu tuid="ok"><tuv xml:lang="zh-CN"><seg>甲</seg></tuv>'
                     '<tuv xml:lang="en"><seg>A</seg></tuv></tu>'
                     '<tu tuid="lonely"><tuv xml:lang="en"><seg>x</seg></tuv></tu>')
    db = tmp_path / "tm.db"
    result = run_tm("--db", db, "import", "--strict", path)
    assert result.exit_code == 2 and "unit lonely" in result.stderr
    assert run_tm("--db", db, "import", path).exit_code == 0  # without --strict: skips


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu><tuv xml:lang="en">'
                    "<seg>x</tuv></tu>\n</body></tmx>\n", encoding="utf-8")
    result = run_tm("--db", tmp_path / "tm.db", "import", path)
    assert result.exit_code == 2
    assert re.search(r"bad\.tmx:4: not well-formed XML", result.stderr), result.stderr


def test_comments_cdata_and_entities_read_as_xml_says(tmp_path: Path) -> None:
    path = tmp_path / "t.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY co "Acme &amp; Co">]>\n'
        '<tmx version="1.4"><header srclang="en"><prop type="h">header prop</prop></header>'
        '<body>\n<tu\n tuid="a"><note>n<!-- c -->1</note><prop type="p">v&amp;w</prop>'
        '<tuv xml:lang="en"><note>tuv note</note><seg>A<!-- c --> <![CDATA[<x> &]]> &co;</seg>'
        '</tuv><tuv xml:lang="fr"><seg><ph x="1">&lt;b <sub>alt <hi>t</hi></sub>&gt;</ph>B'
        '&#13;<?pi x?>C</seg><seg>a second seg</seg></tuv></tu></body></tmx>\n', encoding="utf-8")
    (unit,) = read(path)
    assert unit.source == "A <x> & Acme & Co" and unit.source_markup is None
    assert unit.target == "B\rC"  # native codes and their sub-flows are not text
    assert unit.target_markup == ('<ph x="1">&lt;b <sub>alt <hi>t</hi></sub>&gt;</ph>B&#13;C')
    assert unit.note == "n1" and unit.props == [("p", "v&w")]  # the tu's own, not header/tuv
    assert unit.line == 4  # where <tu begins


@pytest.mark.parametrize(("body", "message"), [
    ("<seg>a&nbsp;b</seg>", "t.tmx:5: undefined entity &nbsp;"),
    ("<seg>a&ext;b</seg>", "t.tmx:5: external entity file:///etc/hostname is not read"),
])
def test_entities_a_dtd_would_define_are_refused_not_dropped(tmp_path: Path, body: str,
                                                             message: str) -> None:
    path = tmp_path / "t.tmx"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd" [\n'
                    '<!ENTITY ext SYSTEM "file:///etc/hostname">]>\n<tmx version="1.4">'
                    '<header srclang="en"/><body>\n'
                    f'<tu><tuv xml:lang="en">{body}</tuv><tuv xml:lang="fr"><seg>c</seg></tuv>'
                    "</tu></body></tmx>\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(path)
    assert str(caught.value).endswith(message)


def test_a_cut_short_file_and_another_root_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.tmx"
    path.write_text('<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en">'
                    '<seg>a</seg></tuv><tuv xml:lang="fr"><seg>b</seg></tuv></tu>',
                    encoding="utf-8")
    with pytest.raises(InputError, match="ends inside an element"):
        read(path)
    path.write_text('<?xml version="1.0"?>\n<xliff version="1.2"><tu/></xliff>', encoding="utf-8")
    with pytest.raises(InputError, match=r"t\.tmx:2: not a TMX file \(root element <xliff>"):
        read(path)


def test_declared_legacy_encodings_are_transcoded(tmp_path: Path) -> None:
    path = tmp_path / "gb.tmx"
    text = ('<?xml version="1.0" encoding="GB18030"?><tmx version="1.4"><header srclang="zh-CN"/>'
            '<body><tu><tuv xml:lang="zh-CN"><seg>两个维护</seg></tuv><tuv xml:lang="en">'
            "<seg>Two Safeguards</seg></tuv></tu></body></tmx>")
    path.write_bytes(text.encode("gb18030"))
    (unit,) = read(path)
    assert unit.source == "两个维护"
    utf16 = tmp_path / "u16.tmx"
    utf16.write_bytes(text.replace("GB18030", "UTF-16").encode("utf-16"))
    assert read(utf16)[0].source == "两个维护"


def seg(source: str, target: str, **kw) -> Segment:
    return Segment(source=source, target=target, source_lang="zh-CN", target_lang="en", **kw)


def test_export_refuses_characters_xml_cannot_carry(tmp_path: Path) -> None:
    out = tmp_path / "x.tmx"
    with pytest.raises(InputError, match="U\\+0001") as info:
        TmxFormat().write([seg("甲", "A\x01", unit_id="u9")], out, WriteOptions())
    assert info.value.unit == "u9"
    assert not out.exists()


def test_segtype_is_sentence_only_when_every_unit_is_one_sentence(tmp_path: Path) -> None:
    assert is_one_sentence("推动高质量发展。") and is_one_sentence("“你好！”")
    assert not is_one_sentence("第一句。第二句。")
    one = tmp_path / "one.tmx"
    TmxFormat().write([seg("推动高质量发展。", "Promote it.")], one, WriteOptions())
    assert 'segtype="sentence"' in one.read_text(encoding="utf-8")
    two = tmp_path / "two.tmx"
    TmxFormat().write([seg("第一句。第二句。", "One. Two.")], two, WriteOptions())
    assert 'segtype="paragraph"' in two.read_text(encoding="utf-8")


def test_export_writes_hyphenated_tags_trimmed_segs_and_props(tmp_path: Path) -> None:
    out = tmp_path / "x.tmx"
    TmxFormat().write([seg("  甲  ", " A ", origin="doc", position=3, status="approved",
                           created_at="2025-12-12T08:00:00Z", creator="wei",
                           note="checked")], out, WriteOptions(src_lang="zh", tgt_lang="en"))
    text = out.read_text(encoding="utf-8")
    assert 'srclang="zh"' in text and 'xml:lang="en"' in text  # as imported
    assert "<seg>甲</seg>" in text and "<seg>A</seg>" in text
    assert 'creationdate="20251212T080000Z"' in text and 'creationid="wei"' in text
    assert '<prop type="x-origin">doc</prop>' in text and "<note>checked</note>" in text


def test_export_gives_bare_tags_a_region_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "x.tmx"
    TmxFormat().write([seg("甲", "A")], out, WriteOptions(src_lang="zh_cn", tgt_lang="en",
                                                         normalize_tags=True))
    text = out.read_text(encoding="utf-8")
    assert 'srclang="zh-CN"' in text and 'xml:lang="en-US"' in text


def export_db(db: Path, out: Path) -> str:
    result = run_tm("--db", db, "export", "--format", "tmx", "-o", out)
    assert result.exit_code == 0, result.stderr
    return re.sub(r' creationdate="\d{8}T\d{6}Z"/>', "/>", out.read_text(encoding="utf-8"))


xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff",
                           min_codepoint=0x09).filter(lambda c: c in "\t\n\r" or ord(c) >= 0x20)
    | st.sampled_from(list("<>&]]>“”，。、《》\u3000 ")),
    min_size=1, max_size=40,
).map(str.strip).filter(bool)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.tuples(xml_text, xml_text), min_size=1, max_size=6))
def test_round_trip_export_import_export_is_the_same_document(tmp_path_factory, texts) -> None:
    tmp = tmp_path_factory.mktemp("rt")
    with Store.open(tmp / "a.db", create=True) as store:
        store.import_segments(
            [seg(s, t, position=i, unit_id=f"u{i}", created_at="2025-12-12T08:00:00Z",
                 props=[("x-domain", "politics")], note="n & <b>")
             for i, (s, t) in enumerate(texts, 1)], origin="doc")
    first = export_db(tmp / "a.db", tmp / "a.tmx")
    assert run_tm("--db", tmp / "b.db", "import", tmp / "a.tmx").exit_code == 0
    second = export_db(tmp / "b.db", tmp / "b.tmx")
    assert first == second


def test_round_trip_keeps_inline_markup(tmp_path: Path) -> None:
    source = write_tmx(tmp_path, '<tu tuid="1" creationdate="20251212T080000Z">'
                       '<tuv xml:lang="zh-CN"><seg>见<ph x="1">&lt;br/&gt;</ph>附件</seg></tuv>'
                       '<tuv xml:lang="en">'
                       '<seg>See <bpt i="1">&lt;a&gt;</bpt>the annex<ept i="1">&lt;/a&gt;</ept>'
                       "</seg></tuv></tu>")
    assert run_tm("--db", tmp_path / "a.db", "import", source).exit_code == 0
    first = export_db(tmp_path / "a.db", tmp_path / "a.tmx")
    assert '<seg>See <bpt i="1">&lt;a&gt;</bpt>the annex<ept i="1">&lt;/a&gt;</ept></seg>' in first
    assert run_tm("--db", tmp_path / "b.db", "import", tmp_path / "a.tmx").exit_code == 0
    assert export_db(tmp_path / "b.db", tmp_path / "b.tmx") == first

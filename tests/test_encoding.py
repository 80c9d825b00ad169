"""One encoding rule for every reader (fileio.sniff_encoding): a BOM, else the NUL pattern of
BOM-less UTF-16/32, else --encoding, else the file's declaration, else UTF-8."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tm_tool.errors import InputError
from tm_tool.fileio import sniff_encoding
from tm_tool.formats import ReadOptions, glossary_format, segment_format

TMX = """<?xml version="1.0" encoding="{decl}"?>
<tmx version="1.4"><header srclang="zh-CN" segtype="sentence" o-tmf="x" adminlang="en"
 datatype="plaintext" creationtool="t" creationtoolversion="1"/><body>
<tu tuid="1"><tuv xml:lang="zh-CN"><seg>推动高质量发展</seg></tuv>
<tuv xml:lang="en"><seg>Promote high-quality development</seg></tuv></tu>
</body></tmx>
"""
XLIFF = """<?xml version="1.0" encoding="{decl}"?>
<xliff version="1.2"><file source-language="zh-CN" target-language="en" datatype="plaintext"
 original="a"><body><trans-unit id="1"><source>推动高质量发展</source>
<target>Promote high-quality development</target></trans-unit></body></file></xliff>
"""
PO = """msgid ""
msgstr ""
"Language: en\\n"
"X-Source-Language: zh-CN\\n"
"Content-Type: text/plain; charset={decl}\\n"

msgid "推动高质量发展"
msgstr "Promote high-quality development"
"""
TSV = "id\tzh\ten\n1\t推动高质量发展\tPromote high-quality development\n"
TBX = """<?xml version="1.0" encoding="{decl}"?>
<martif type="TBX-Basic" xml:lang="en"><text><body><termEntry id="c1">
<langSet xml:lang="zh-CN"><tig><term>推动高质量发展</term></tig></langSet>
<langSet xml:lang="en"><tig><term>Promote high-quality development</term></tig></langSet>
</termEntry></body></text></martif>
"""
GLOSSARY_TSV = "concept\tzh\ten\nc1\t推动高质量发展\tPromote high-quality development\n"

SEGMENT_FILES = {"tmx": TMX, "xlf": XLIFF, "po": PO, "tsv": TSV, "csv": TSV.replace("\t", ",")}
GLOSSARY_FILES = {"tbx": TBX, "tsv": GLOSSARY_TSV}
UNICODE = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
           "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE,
           "utf-32-be": codecs.BOM_UTF32_BE}
ZH, EN = "推动高质量发展", "Promote high-quality development"


def _write(tmp_path: Path, ext: str, template: str, encoding: str, *, bom: bytes = b"",
           decl: str = "UTF-8") -> Path:
    path = tmp_path / f"file.{ext}"
    path.write_bytes(bom + template.replace("{decl}", decl).encode(encoding))
    return path


def _pairs(path: Path, **options: str) -> list[tuple[str, str]]:
    units = segment_format(path).read(path, ReadOptions(**options))
    return [(u.source, u.target) for u in units]


def _terms(path: Path, **options: str) -> list[str]:
    concepts = glossary_format(path).read(path, ReadOptions(**options))
    return sorted(t.text for c in concepts for t in c.terms)


@pytest.mark.parametrize("with_bom", [True, False], ids=["bom", "no-bom"])
@pytest.mark.parametrize("encoding", list(UNICODE))
@pytest.mark.parametrize("ext", list(SEGMENT_FILES))
def test_every_segment_reader_reads_every_unicode_form(tmp_path: Path, ext: str, encoding: str,
                                                        with_bom: bool) -> None:
    path = _write(tmp_path, ext, SEGMENT_FILES[ext], encoding,
                  bom=UNICODE[encoding] if with_bom else b"")
    assert _pairs(path) == [(ZH, EN)]


@pytest.mark.parametrize("with_bom", [True, False], ids=["bom", "no-bom"])
@pytest.mark.parametrize("encoding", list(UNICODE))
@pytest.mark.parametrize("ext", list(GLOSSARY_FILES))
def test_every_glossary_reader_reads_every_unicode_form(tmp_path: Path, ext: str,
                                                         encoding: str, with_bom: bool) -> None:
    path = _write(tmp_path, ext, GLOSSARY_FILES[ext], encoding,
                  bom=UNICODE[encoding] if with_bom else b"")
    assert _terms(path) == sorted([ZH, EN])


@pytest.mark.parametrize("ext", ["tmx", "xlf", "po"])
def test_a_declared_encoding_is_read(tmp_path: Path, ext: str) -> None:
    path = _write(tmp_path, ext, SEGMENT_FILES[ext], "gb18030", decl="GB18030")
    assert _pairs(path) == [(ZH, EN)]


def test_a_tbx_declaring_its_encoding_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path, "tbx", TBX, "gb18030", decl="GB18030")
    assert _terms(path) == sorted([ZH, EN])


@pytest.mark.parametrize("ext", list(SEGMENT_FILES))
def test_encoding_option_reads_a_file_that_says_nothing_or_the_wrong_thing(
        tmp_path: Path, ext: str) -> None:
    path = _write(tmp_path, ext, SEGMENT_FILES[ext], "gb18030")  # declares UTF-8 (or nothing)
    with pytest.raises(InputError, match=r"not (valid|well-formed)"):
        _pairs(path)
    assert _pairs(path, encoding="gb18030") == [(ZH, EN)]


@pytest.mark.parametrize("ext", list(GLOSSARY_FILES))
def test_encoding_option_reads_a_glossary(tmp_path: Path, ext: str) -> None:
    path = _write(tmp_path, ext, GLOSSARY_FILES[ext], "gb18030")
    assert _terms(path, encoding="gb18030") == sorted([ZH, EN])


@pytest.mark.parametrize("ext", list(SEGMENT_FILES))
def test_a_bom_beats_the_encoding_option(tmp_path: Path, ext: str) -> None:
    path = _write(tmp_path, ext, SEGMENT_FILES[ext], "utf-8", bom=codecs.BOM_UTF8)
    assert _pairs(path, encoding="gb18030") == [(ZH, EN)]


@pytest.mark.parametrize(("head", "name", "bom", "origin"), [
    (b"\xef\xbb\xbfid", "utf-8", 3, "bom"),
    (b"\xff\xfe\x00\x00", "utf-32-le", 4, "bom"),  # not UTF-16LE: the longer BOM first
    (b"\xff\xfei\x00", "utf-16-le", 2, "bom"),
    (b"\xfe\xff\x00i", "utf-16-be", 2, "bom"),
    (b"\x00\x00\xfe\xff", "utf-32-be", 4, "bom"),
    (b"<\x00\x00\x00", "utf-32-le", 0, "pattern"),
    (b"\x00\x00\x00<", "utf-32-be", 0, "pattern"),
    (b"<\x00?\x00", "utf-16-le", 0, "pattern"),
    (b"\x00<\x00?", "utf-16-be", 0, "pattern"),
    (b"<?xm", "utf-8", 0, "default"),
])
def test_sniff_encoding(head: bytes, name: str, bom: int, origin: str) -> None:
    assert sniff_encoding(head) == (name, bom, origin)


def test_sniff_encoding_order() -> None:
    assert sniff_encoding(b"id\tz", override="gbk", declared="big5").origin == "option"
    assert sniff_encoding(b"id\tz", declared="big5") == ("big5", 0, "declaration")
    assert sniff_encoding(b"i\x00d\x00", override="gbk").name == "utf-16-le"

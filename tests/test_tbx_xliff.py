"""TBX glossaries and XLIFF import; a delivery checked against an exported TBX glossary."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import CORPUS_DIR, GLOSSARY_DIR, require_module, require_program, run_tm

from tm_tool.formats import ReadOptions
from tm_tool.formats.glossary_table import TsvGlossaryFormat
from tm_tool.formats.tbx import TbxFormat
from tm_tool.formats.xliff import XliffFormat
from tm_tool.glossary import STATUS_ALIASES


def glossary_terms(db: Path) -> list[tuple[str, str, str, str]]:
    """(concept, term, status, language) of a database's glossary; tags are compared on their
    language only (exports add a region: en → en-US)."""
    data = json.loads(run_tm("--db", db, "glossary", "list", "--json").stdout)
    return sorted((c["concept"], t["text"], t["status"], t["lang"].split("-")[0])
                  for c in data for t in c["terms"])


@pytest.fixture(scope="module")
def exported(tmp_path_factory, corpus_db: Path) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("exports")
    tbx, tmx = tmp / "glossary-export.tbx", tmp / "corpus-export.tmx"
    assert run_tm("--db", corpus_db, "glossary", "export", "--format", "tbx", "-o",
                  tbx).exit_code == 0
    assert run_tm("--db", corpus_db, "export", "--format", "tmx", "-o", tmx).exit_code == 0
    return tbx, tmx


def test_tbx_round_trip_keeps_concepts_terms_and_statuses(exported, corpus_db: Path,
                                                          tmp_path: Path) -> None:
    tbx, _ = exported
    db = tmp_path / "g.db"
    assert run_tm("--db", db, "glossary", "import", tbx).exit_code == 0
    assert glossary_terms(corpus_db) == glossary_terms(db)


def test_tbx_export_names_statuses_as_tbx_basic_does(exported) -> None:
    text = exported[0].read_text(encoding="utf-8")
    assert '<martif type="TBX-Basic" xml:lang="en">' in text
    assert "<termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>" in text
    assert 'xml:lang="zh-CN"' in text and 'xml:lang="en-US"' in text


@pytest.mark.interop
@pytest.mark.shared
def test_tbx_export_is_valid_against_the_tbx_core_dtd(exported, shared: Path) -> None:
    xmllint = require_program("xmllint")
    dtd = shared / "realworld" / "spec" / "TBXcoreStructV02.dtd"
    proc = subprocess.run([xmllint, "--noout", "--nonet", "--dtdvalid", str(dtd),
                           str(exported[0])], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]


@pytest.mark.interop
def test_translate_toolkit_reads_our_tbx(exported) -> None:
    require_module("translate")
    from translate.storage import tbx as tt_tbx

    units = tt_tbx.tbxfile.parsefile(str(exported[0])).units
    assert len(units) == len({line.split("\t")[0] for line in (
        GLOSSARY_DIR / "dongguan-slogans.tsv").read_text(encoding="utf-8").splitlines()[1:]})
    assert "两个确立" in {u.source for u in units}


def test_tbx_v3_and_superseded_status(tmp_path: Path) -> None:
    path = tmp_path / "v3.tbx"
    path.write_text(
        '<?xml version="1.0"?><tbx type="TBX-Basic" style="dca" xml:lang="en" '
        'xmlns="urn:iso:std:iso:30042:ed:3.0"><text><body><conceptEntry id="c1">'
        '<langSec xml:lang="zh_CN"><termSec><term>两个确立</term></termSec></langSec>'
        '<langSec xml:lang="EN-GB"><termSec><term>Two Establishments</term><termNote '
        'type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec><termSec>'
        '<term>Two Affirmations</term><termNote type="administrativeStatus">'
        "supersededTerm-admn-sts</termNote></termSec></langSec></conceptEntry></body></text>"
        "</tbx>", encoding="utf-8")
    (concept,) = TbxFormat().read(path, ReadOptions())
    assert [(t.text, t.lang, t.status) for t in concept.terms] == [
        ("两个确立", "zh-CN", "preferred"), ("Two Establishments", "en-GB", "preferred"),
        ("Two Affirmations", "en-GB", "deprecated")]


@pytest.mark.shared
def test_tbx3_export_is_valid_tbx_basic_v3_and_round_trips(corpus_db: Path, tmp_path: Path,
                                                            shared: Path) -> None:
    """--format tbx3: TBX v3 (DCA style), valid against the TBX v3 core RELAX NG that the
    TBX-Basic dialect builds on. (Its Schematron rules need XPath 2, which libxml2 lacks; the
    checks they make that apply to us — termNote only in termSec, no empty type — are
    asserted here.)"""
    from lxml import etree

    path = tmp_path / "glossary.tbx"
    assert run_tm("--db", corpus_db, "glossary", "export", "--format", "tbx3", "-o",
                  path).exit_code == 0
    schema = etree.RelaxNG(etree.parse(str(
        shared / "realworld" / "spec" / "tbx-basic" / "TBXcoreStructV03.rng")))
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log.last_error
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    assert document.getroot().get("type") == "TBX-Basic"
    assert all(n.getparent().tag.endswith("termSec")
               for n in document.iterfind(".//t:termNote", ns))
    assert all(n.get("type") for n in document.iterfind(".//*[@type]"))
    db = tmp_path / "g.db"
    assert run_tm("--db", db, "glossary", "import", path).exit_code == 0
    assert glossary_terms(corpus_db) == glossary_terms(db)


def test_check_a_tmx_delivery_against_an_exported_tbx(exported, tmp_path: Path) -> None:
    tbx, tmx = exported
    bad = tmp_path / "bad.tmx"
    bad.write_text(tmx.read_text(encoding="utf-8").replace("Two Establishments",
                                                           "Two Affirmations"), "utf-8")
    clean = run_tm("--db", tmp_path / "none.db", "check", tmx, "--glossary", tbx,
                   "--format", "json")
    # The corpus's own findings are the article's known English errors (its rejected rows).
    known = {(f["unit"], f["check"]) for f in json.loads(clean.stdout)["findings"]}
    assert {unit for unit, _ in known} == rejected_corpus_rows()
    result = run_tm("--db", tmp_path / "none.db", "check", bad, "--glossary", tbx,
                    "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    # one finding per mistake: the deprecated rendering, not also a missing term
    assert {(f["unit"], f["check"]) for f in findings} - known == {("21", "term-forbidden")}


def rejected_corpus_rows() -> set[str]:
    return {line.split("\t")[0] for path in CORPUS_DIR.glob("*.tsv")
            for line in path.read_text(encoding="utf-8").splitlines()[1:]
            if line.split("\t")[-1] == "rejected"}


def test_xliff_units_states_and_inline_codes(tmp_path: Path) -> None:
    path = tmp_path / "t.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2" '
        'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="zh-CN" '
        'target-language="en-US" datatype="plaintext" original="x"><body>'
        '<trans-unit id="u1"><source>坚持<g id="1">两个确立</g><ph id="2">{0}</ph></source>'
        '<target state="needs-review-translation">Uphold the <g id="1">Two Establishments'
        '</g><ph id="2">{0}</ph></target><note>check the slogan</note></trans-unit>'
        '<trans-unit id="u2" approved="yes"><source>两个维护</source><target>Two Safeguards'
        '</target></trans-unit><trans-unit id="u3"><source>新质生产力</source></trans-unit>'
        "</body></file></xliff>", encoding="utf-8")
    units = list(XliffFormat().read(path, ReadOptions()))
    assert [(u.unit_id, u.source, u.target, u.status) for u in units] == [
        ("u1", "坚持两个确立", "Uphold the Two Establishments", "fuzzy"),
        ("u2", "两个维护", "Two Safeguards", "approved"),
        ("u3", "新质生产力", "", "new")]
    assert units[0].source_markup == '坚持<g id="1">两个确立</g><ph id="2">{0}</ph>'
    assert units[0].note == "check the slogan"


# --- XLIFF: hostile structure ends in a result or one line ---------------------------------------

def _xliff(source: str) -> str:
    return ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
            'original="a" source-language="zh-CN" target-language="en" datatype="plaintext">'
            f'<body><trans-unit id="1"><source>{source}</source><target>Dongguan</target>'
            '</trans-unit></body></file></xliff>\n')


def test_xliff_nested_1500_levels_deep_is_read(tmp_path: Path) -> None:
    path = tmp_path / "deep.xlf"
    path.write_text(_xliff("<g>" * 1500 + "东莞" + "</g>" * 1500), encoding="utf-8")
    (unit,) = XliffFormat().read(path, ReadOptions())  # was RecursionError
    assert unit.source == "东莞" and unit.source_markup.startswith("<g><g>")


@pytest.mark.parametrize("name, content, message", [
    ("prefix.xlf", _xliff("东莞<x:b/>").encode(), "the prefix of <x:b> is not declared"),
    ("nul.xlf", b"<?xm\x00" + _xliff("东莞").encode(), "Char 0x0 out of allowed range"),
])
def test_broken_xliff_is_refused_in_one_line(tmp_path: Path, name: str, content: bytes,
                                             message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run_tm("--db", tmp_path / "tm.db", "import", path)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"tm: error: {path}:")
    assert message in result.stderr and "Traceback" not in result.stderr


# --- round trips keep everything (issue 13 item 5, trial #18) and entities (probe 9) ---------

def full_glossary(db: Path) -> list[dict]:
    """Every field `tm glossary list --json` shows, tags compared on their language only."""
    data = json.loads(run_tm("--db", db, "glossary", "list", "--json").stdout)
    for concept in data:
        for term in concept["terms"]:
            term["lang"] = term["lang"].split("-")[0]
    return data


@pytest.mark.parametrize("fmt", ["tbx", "tbx3", "tsv", "csv"])
def test_glossary_round_trip_keeps_case_rule_pos_notes_and_statuses(fmt: str, tmp_path: Path
                                                                     ) -> None:
    source = tmp_path / "g.tsv"
    source.write_text(
        "concept\tzh\ten\tstatus\tcase_sensitive\tpos\tnote\n"
        "a\t两个确立\tTwo Establishments\tpreferred\tyes\tnoun phrase\tofficial [S1]\n"
        "a\t两个确立\ttwo establishments\tdeprecated\t\t\twrong capitals\n"
        "b\t新质生产力\tnew quality productive forces\tpreferred\tyes\tnoun\t[S2, S3]\n"
        "b\t新质生产力\tNew Productive Forces\tadmitted\tno\t\t\n", encoding="utf-8")
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    exported = tmp_path / f"g.{'tbx' if fmt.startswith('tbx') else fmt}"
    assert run_tm("--db", first, "glossary", "import", source).exit_code == 0
    assert run_tm("--db", first, "glossary", "export", "--format", fmt, "-o",
                  exported).exit_code == 0
    assert run_tm("--db", second, "glossary", "import", exported).exit_code == 0
    before, after = full_glossary(first), full_glossary(second)
    assert [t["case_sensitive"] for c in before for t in c["terms"]] == [
        None, True, None, None, True, False]
    assert after == before


@pytest.mark.parametrize("fmt", ["tbx", "tbx3"])
def test_checks_against_an_exported_tbx_find_what_the_tsv_finds(fmt: str, tmp_path: Path
                                                                ) -> None:
    """The shipped glossary (read only) → TBX; a delivery of the corpus plus, for every
    rendering the glossary gives a case rule, the rendering lower-cased and title-cased."""
    from conftest import CORPUS_DIR, GLOSSARY_DIR

    (glossary,) = sorted(GLOSSARY_DIR.glob("*.tsv"))
    db, tbx = tmp_path / "g.db", tmp_path / "g.tbx"
    assert run_tm("--db", db, "glossary", "import", glossary).exit_code == 0
    assert run_tm("--db", db, "glossary", "export", "--format", fmt, "-o", tbx).exit_code == 0
    rows = ["id\tzh\ten"]
    for corpus in sorted(CORPUS_DIR.glob("*.tsv")):
        lines = corpus.read_text(encoding="utf-8").splitlines()
        header = lines[0].split("\t")
        for line in lines[1:]:
            fields = dict(zip(header, line.split("\t"), strict=False))
            rows.append(f"{fields['id']}\t{fields['zh']}\t{fields['en']}")
    planted = 0
    for line in glossary.read_text(encoding="utf-8").splitlines()[1:]:
        _concept, zh, en, _status, case = line.split("\t")[:5]
        if case in ("yes", "no"):
            for variant in (en.lower(), en.title()):
                planted += 1
                rows.append(f"p{planted}\t{zh}\tWe will pursue {variant}.")
    delivery = tmp_path / "delivery.tsv"
    delivery.write_text("\n".join(rows) + "\n", encoding="utf-8")

    def findings(against: Path) -> list[tuple]:
        result = run_tm("--db", tmp_path / "none.db", "check", delivery, "--glossary",
                        against, "--format", "json")
        assert result.exit_code in (0, 1), result.stderr
        return sorted((f["unit"], f["check"], f["message"])
                      for f in json.loads(result.stdout)["findings"])

    with_tsv = findings(glossary)
    assert any(check == "term-case" for _, check, _ in with_tsv)
    assert findings(tbx) == with_tsv


def write_tbx(path: Path, doctype: str, term: str) -> Path:
    path.write_text(
        f'<?xml version="1.0"?>\n{doctype}\n<martif type="TBX-Basic" xml:lang="en"><text><body>'
        f'<termEntry id="c"><langSet xml:lang="zh-CN"><tig><term>{term}</term></tig>'
        '</langSet><langSet xml:lang="en"><tig><term>Dongguan City</term></tig></langSet>'
        "</termEntry></body></text></martif>\n", encoding="utf-8")
    return path


def test_tbx_internal_entities_are_expanded(tmp_path: Path) -> None:
    path = write_tbx(tmp_path / "ent.tbx", '<!DOCTYPE martif [<!ENTITY dg "东莞">'
                     '<!ENTITY dgs "&dg;市">]>', "&dgs;&amp;&#x4E00;")
    (concept,) = TbxFormat().read(path, ReadOptions())
    assert concept.terms[0].text == "东莞市&一"
    db = tmp_path / "e.db"
    assert run_tm("--db", db, "glossary", "import", path).exit_code == 0
    assert "Dongguan City" in run_tm("--db", db, "term", "东莞市").stdout


@pytest.mark.parametrize(("doctype", "term", "why"), [
    ('<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">', "&dg;市", "&dg; is not declared"),
    ('<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>', "秘密&xxe;",
     "&xxe; is an external entity"),
    ("", "&dg;市", "dg"),
])
def test_tbx_undeclared_and_external_entities_are_refused(doctype: str, term: str, why: str,
                                                          tmp_path: Path) -> None:
    path = write_tbx(tmp_path / "bad.tbx", doctype, term)
    db = tmp_path / "e.db"
    result = run_tm("--db", db, "glossary", "import", path)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"tm: error: {path}:3: ") and why in line


def test_a_headerless_glossary_that_is_not_chinese_needs_its_languages(tmp_path: Path) -> None:
    """Trial #25: an OmegaT glossary of Latin terms was stored as zh → en without a word."""
    path = tmp_path / "g.csv"
    path.write_text("kde,csv kde\nquestion,csv q\n", encoding="utf-8")
    refused = run_tm("--db", tmp_path / "a.db", "glossary", "import", path)
    assert refused.exit_code == 2 and "say the languages with --src and --tgt" in refused.stderr
    assert not (tmp_path / "a.db").exists()
    kept = run_tm("--db", tmp_path / "b.db", "glossary", "import", path, "--src", "en",
                  "--tgt", "de", "--force")
    assert kept.exit_code == 0, kept.stderr
    path.write_text("东莞,Dongguan\n", encoding="utf-8")  # a Chinese first column: zh → en
    assert run_tm("--db", tmp_path / "c.db", "glossary", "import", path).exit_code == 0


def _status_read_from(path: Path, reader) -> str:
    (concept,) = reader.read(path, ReadOptions())
    return next(t.status for t in concept.terms if t.lang.startswith("en"))


@pytest.mark.parametrize("alias", sorted(STATUS_ALIASES))
def test_every_status_alias_means_the_same_in_tsv_and_tbx(tmp_path: Path, alias: str) -> None:
    spelled = alias.replace("term", "Term").title() if alias.islower() else alias  # any case
    tsv = tmp_path / "g.tsv"
    tsv.write_text(f"concept\tzh\ten\tstatus\nc1\t两个确立\tTwo Establishments\t{spelled}\n",
                   encoding="utf-8")
    tbx = tmp_path / "g.tbx"
    tbx.write_text(
        '<martif type="TBX-Basic" xml:lang="en"><text><body><termEntry id="c1">'
        '<langSet xml:lang="zh"><tig><term>两个确立</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>Two Establishments</term><termNote '
        f'type="administrativeStatus">{spelled}</termNote></tig></langSet>'
        "</termEntry></body></text></martif>", encoding="utf-8")
    expected = STATUS_ALIASES[alias]
    assert _status_read_from(tsv, TsvGlossaryFormat()) == expected
    assert _status_read_from(tbx, TbxFormat()) == expected

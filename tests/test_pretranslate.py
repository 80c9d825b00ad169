"""tm pretranslate: what a translator sees in the file it writes (PO, XLIFF, TMX, TSV), that
nothing else of the file changes, and that real programs read the result."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from conftest import ROOT, missing, require_program, run_tm

TM = Path(sys.executable).parent / "tm"
TITLE = "中国共产党东莞市第十五届委员会第十次全体会议召开"
TITLE_EN = ("The 10th Plenary Session of the 15th Dongguan Municipal Committee of the "
            "Communist Party of China Held")
NEW_TITLE = TITLE.replace("十五", "十六")  # differs from the memory only in a number
NO_MATCH = "完全没有相似句子的一段新话"

PO = f'''# A translator's file
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: news.c:1
msgid "东莞"
msgstr ""

#. the headline
#, python-format
msgid "{NEW_TITLE}"
msgstr ""

msgctxt "draft"
msgid "{TITLE.removesuffix("召开")}"
msgstr ""

msgid "{NO_MATCH}"
msgstr ""

msgctxt "plural"
msgid "东莞"
msgid_plural "东莞"
msgstr[0] ""
msgstr[1] ""

msgctxt "kept"
msgid "东莞"
msgstr "DG"
'''


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


@pytest.fixture
def po_file(tmp_path: Path) -> Path:
    path = tmp_path / "new.po"
    path.write_text(PO, encoding="utf-8")
    return path


def test_po_exact_final_fuzzy_marked_repaired_and_rest_kept(corpus_db, po_file, tmp_path):
    out = tmp_path / "out.po"
    result = run_tm("--db", corpus_db, "pretranslate", po_file, "-o", out, "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["units"], report["filled_exact"], report["filled_repaired"],
            report["filled_fuzzy"], report["skipped"]) == (6, 2, 1, 1, 2)
    entries = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(out))}
    exact = entries[(None, "东莞")]
    assert exact.msgstr == "Dongguan" and "fuzzy" not in exact.flags
    repaired = entries[(None, NEW_TITLE)]
    assert repaired.msgstr == TITLE_EN.replace("15th", "16th")
    assert repaired.flags == ["fuzzy", "python-format"]
    assert "repaired: 15th → 16th" in repaired.tcomment
    fuzzy = entries[("draft", TITLE.removesuffix("召开"))]
    assert fuzzy.msgstr == TITLE_EN and "fuzzy" in fuzzy.flags
    assert re.match(r"tm: fuzzy \d\d% from dongguan", fuzzy.tcomment)
    assert entries[(None, NO_MATCH)].msgstr == ""
    assert entries[("kept", "东莞")].msgstr == "DG"
    plural = next(e for e in polib.pofile(str(out)) if e.msgid_plural)
    assert plural.msgstr_plural == {0: "Dongguan", 1: "Dongguan"}
    # outside the filled targets, flags and the tm comments, every line is as it was
    removed, added = _changed_lines(PO, out.read_text(encoding="utf-8"))
    assert all(re.match(r'msgstr(\[\d\])? ""$|#, python-format$', line) for line in removed)
    assert all(re.match(r'msgstr(\[\d\])? "|#, fuzzy|# tm: fuzzy', line) for line in added)
    assert len(removed) == 6


def test_po_crlf_and_no_final_newline_kept_byte_for_byte(corpus_db, tmp_path):
    extra = f'\n\n#. a note\n#: news.c:9\nmsgctxt "crlf"\nmsgid "{NEW_TITLE}"\nmsgstr ""\n'
    source = (PO + extra).replace("\n", "\r\n").rstrip("\r\n").encode("utf-8")
    path, out = tmp_path / "crlf.po", tmp_path / "out.po"
    path.write_bytes(source)
    assert run_tm("--db", corpus_db, "pretranslate", path, "-o", out).exit_code == 0
    written = out.read_bytes()
    assert b"\n" not in written.replace(b"\r\n", b"") and not written.endswith(b"\n")
    assert written.count(b"\r\n") == source.count(b"\r\n") + 5  # 3 tm comments, 2 flags
    assert b'#: news.c:9\r\n#, fuzzy\r\nmsgctxt "crlf"' in written
    assert polib.pofile(written.decode("utf-8"))[-1].flags == ["fuzzy"]


def test_overwrite_fills_translated_targets_too(corpus_db, po_file, tmp_path):
    out = tmp_path / "out.po"
    assert run_tm("--db", corpus_db, "pretranslate", po_file, "-o", out, "--overwrite"
                  ).exit_code == 0
    entries = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(out))}
    assert entries[("kept", "东莞")].msgstr == "Dongguan"


def test_min_score_leaves_weaker_matches_out(corpus_db, po_file, tmp_path):
    out = tmp_path / "out.po"
    result = run_tm("--db", corpus_db, "pretranslate", po_file, "-o", out, "--min-score",
                    "99", "--json")
    report = json.loads(result.stdout)
    assert report["filled_fuzzy"] == 0 and report["filled_repaired"] == 0


def test_bad_input_is_one_line_exit_2_nothing_written(corpus_db, tmp_path):
    bad, out = tmp_path / "bad.po", tmp_path / "out.po"
    bad.write_text('msgid "a"\nmsgstr ""\nthis is not po\n', encoding="utf-8")
    proc = subprocess.run([str(TM), "--db", str(corpus_db), "pretranslate", str(bad), "-o",
                           str(out)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"tm: error: {bad}:3: ") and proc.stderr.count("\n") == 1
    assert not out.exists()


XLIFF = f'''<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="news.txt" source-language="zh-CN" target-language="en" datatype="plaintext">
    <body>
      <trans-unit id="1">
        <source>东莞</source>
      </trans-unit>
      <trans-unit id="2">
        <source>{NEW_TITLE}</source>
        <target/>
      </trans-unit>
      <trans-unit id="3">
        <source>{NO_MATCH}</source>
      </trans-unit>
      <trans-unit id="4">
        <source>东<g id="b">莞</g></source>
      </trans-unit>
      <trans-unit id="6" translate="no">
        <source>东莞</source>
      </trans-unit>
      <trans-unit id="5">
        <source>东莞</source>
        <target state="final">DG</target>
      </trans-unit>
    </body>
  </file>
</xliff>
'''


@pytest.fixture
def xliff_out(corpus_db, tmp_path) -> Path:
    path, out = tmp_path / "new.xlf", tmp_path / "out.xlf"
    path.write_text(XLIFF, encoding="utf-8")
    result = run_tm("--db", corpus_db, "pretranslate", path, "-o", out)
    assert result.exit_code == 0, result.stderr
    return out


def test_xliff_states_and_match_quality(xliff_out):
    from lxml import etree

    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    tree = etree.parse(str(xliff_out))
    unit = {u.get("id"): u for u in tree.iterfind(".//x:trans-unit", ns)}
    exact = unit["1"].find("x:target", ns)
    assert (exact.text, exact.get("state")) == ("Dongguan", "translated")
    repaired = unit["2"].find("x:target", ns)
    assert repaired.text == TITLE_EN.replace("15th", "16th")
    assert (repaired.get("state"), repaired.get("state-qualifier")) == (
        "needs-review-translation", "fuzzy-match")
    alt = unit["2"].find("x:alt-trans", ns)
    assert int(alt.get("match-quality")) >= 75 and alt.find("x:target", ns).text == TITLE_EN
    assert "repaired: 15th → 16th" in unit["2"].find("x:note", ns).text
    assert unit["3"].find("x:target", ns) is None  # no match
    assert unit["4"].find("x:target", ns) is None  # inline codes: not filled
    assert unit["5"].find("x:target", ns).text == "DG"
    assert unit["6"].find("x:target", ns) is None  # translate="no"


def test_xliff_is_schema_valid_and_rest_kept(shared, xliff_out):
    xmllint = require_program("xmllint")
    schema = shared / "realworld" / "spec" / "xliff-core-1.2-transitional.xsd"
    proc = subprocess.run([xmllint, "--noout", "--nonet", "--schema", str(schema),
                           str(xliff_out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    removed, added = _changed_lines(XLIFF, xliff_out.read_text(encoding="utf-8"))
    assert removed == ["        <target/>"]
    assert all(re.match(r"\s*<(target|alt-trans|note) ", line) for line in added)


TMX = f'''<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="x" creationtoolversion="1" datatype="plaintext" segtype="sentence"
          adminlang="en" srclang="zh-CN" o-tmf="x"/>
  <body>
    <tu tuid="a">
      <tuv xml:lang="zh-CN"><seg>东莞</seg></tuv>
    </tu>
    <tu tuid="b">
      <tuv xml:lang="zh-CN"><seg>{NEW_TITLE}</seg></tuv>
      <tuv xml:lang="en"><seg></seg></tuv>
    </tu>
  </body>
</tmx>
'''


def test_tmx_filled_marked_and_dtd_valid(shared, corpus_db, tmp_path):
    xmllint = require_program("xmllint")
    path, out = tmp_path / "new.tmx", tmp_path / "out.tmx"
    path.write_text(TMX, encoding="utf-8")
    assert run_tm("--db", corpus_db, "pretranslate", path, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert '<tuv xml:lang="en"><seg>Dongguan</seg></tuv>' in text
    assert '<prop type="x-tm-match">repaired ' in text and "16th Dongguan" in text
    dtd = shared / "realworld" / "spec" / "tmx14.dtd"
    proc = subprocess.run([xmllint, "--noout", "--dtdvalid", str(dtd), str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_tsv_fuzzy_only_with_a_status_column(corpus_db, tmp_path):
    rows = f"东莞\t\n{NEW_TITLE}\t\n"
    plain, with_status = tmp_path / "a.tsv", tmp_path / "b.tsv"
    plain.write_text("zh\ten\n" + rows, encoding="utf-8")
    with_status.write_text("zh\ten\tstatus\textra\n" + rows.replace("\t\n", "\t\t\tx\n"),
                           encoding="utf-8")
    out_a, out_b = tmp_path / "a.out.tsv", tmp_path / "b.out.tsv"
    assert run_tm("--db", corpus_db, "pretranslate", plain, "-o", out_a).exit_code == 0
    assert out_a.read_text(encoding="utf-8").splitlines()[1:] == ["东莞\tDongguan",
                                                                  f"{NEW_TITLE}\t"]
    assert run_tm("--db", corpus_db, "pretranslate", with_status, "-o", out_b).exit_code == 0
    lines = out_b.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "东莞\tDongguan\ttranslated\tx"
    assert lines[2] == f"{NEW_TITLE}\t{TITLE_EN.replace('15th', '16th')}\tfuzzy\tx"


# --- real programs -------------------------------------------------------------------------

@pytest.mark.interop
def test_msgfmt_and_translate_toolkit_read_the_po(corpus_db, po_file, tmp_path):
    msgfmt = require_program("msgfmt")
    out = tmp_path / "out.po"
    assert run_tm("--db", corpus_db, "pretranslate", po_file, "-o", out).exit_code == 0
    proc = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    po2xliff = Path(sys.executable).parent / "po2xliff"
    if not po2xliff.exists():
        missing("Translate Toolkit's po2xliff is not installed")
    xlf = tmp_path / "out.xlf"
    proc = subprocess.run([str(po2xliff), str(out), str(xlf)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    from translate.storage import factory

    units = {u.source: u for u in factory.getobject(str(out)).units
             if not u.isheader() and not u.getcontext()}
    assert units["东莞"].target == "Dongguan" and not units["东莞"].isfuzzy()
    assert units[NEW_TITLE].isfuzzy() and "16th" in units[NEW_TITLE].target


@pytest.mark.interop
def test_real_po_with_plurals_and_contexts(shared, tmp_path):
    """A Django PO (29 plural entries, 23 contexts): its memory is the file itself, the input
    the same file emptied by gettext's msgfilter; the output passes msgfmt --check and has
    every context, plural and translation back."""
    msgfmt, msgfilter = require_program("msgfmt"), require_program("msgfilter")
    real = shared / "realworld" / "po" / "django" / "humanize_zh_Hans_django.po"
    db, empty, out = tmp_path / "tm.db", tmp_path / "empty.po", tmp_path / "out.po"
    assert run_tm("--db", db, "import", real).exit_code == 0
    subprocess.run([msgfilter, "--keep-header", "-i", str(real), "-o", str(empty), "sed",
                    "-e", "d"], check=True, capture_output=True)
    result = run_tm("--db", db, "pretranslate", empty, "-o", out, "--json")
    assert result.exit_code == 0, result.stderr
    proc = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    want = {(e.msgctxt, e.msgid, e.msgid_plural): (e.msgstr, e.msgstr_plural)
            for e in polib.pofile(str(real))}
    got = {(e.msgctxt, e.msgid, e.msgid_plural): (e.msgstr, e.msgstr_plural)
           for e in polib.pofile(str(out))}
    assert got.keys() == want.keys()
    assert sum(1 for k in got if k[2]) == 29 and sum(1 for k in got if k[0]) == 23
    assert sum(got[k] == want[k] for k in want) == len(want)
    assert json.loads(result.stdout)["filled_exact"] == len(want)
    removed, added = _changed_lines(empty.read_text(encoding="utf-8"),
                                    out.read_text(encoding="utf-8"))
    assert removed and all(re.fullmatch(r'msgstr(\[\d\])? ""', line) for line in removed)
    assert all(re.match(r'msgstr(\[\d\])? "|"', line) for line in added)



@pytest.mark.interop
def test_omegat_opens_the_xliff_and_shows_the_filled_targets(xliff_out, tmp_path):
    """OmegaT 3.6's XLIFF filter reads an existing <target> as the text it offers the
    translator; its pseudo-translation TMX (console mode) lists the segments it shows."""
    import omegat

    if not omegat.available():
        missing("OmegaT (java and OmegaT.jar) is not installed")
    project = tmp_path / "project"
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (project / sub).mkdir(parents=True)
    (project / "omegat.project").write_text(omegat.PROJECT.format(src="zh-CN", tgt="en"),
                                            encoding="utf-8")
    (project / "source" / "pre.xlf").write_bytes(xliff_out.read_bytes())
    shown = tmp_path / "shown.tmx"
    subprocess.run(
        ["java", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8", "-jar",
         str(omegat.JAR), "--mode=console-createpseudotranslatetmx",
         f"--config-dir={tmp_path / 'config'}", "--disable-project-locking", "--no-team",
         f"--pseudotranslatetmx={shown}", "--pseudotranslatetype=equal", str(project)],
        cwd=tmp_path, capture_output=True, timeout=300, check=True)
    segments = set(re.findall(r"<seg>([^<]*)</seg>", shown.read_text(encoding="utf-8")))
    assert {"Dongguan", TITLE_EN.replace("15th", "16th"), "DG"} <= segments


def test_a_changed_glossary_term_and_year_are_repaired_and_marked(tmp_path):
    """两个确立 → 两个维护 puts the glossary's preferred rendering of the new term where the
    match rendered the old one, and 2025 → 2026 the new year; the fill stays for review."""
    memory, new, out, db = (tmp_path / n for n in ("mem.tsv", "new.tsv", "out.tsv", "tm.db"))
    memory.write_text("zh\ten\n我们坚定拥护“两个确立”，推进2025年工作。\tWe firmly support the "
                      "“Two Establishments” and advance the work of 2025.\n", encoding="utf-8")
    new.write_text("zh\ten\tstatus\n我们坚定拥护“两个维护”，推进2026年工作。\t\t\n",
                   encoding="utf-8")
    assert run_tm("--db", db, "import", memory).exit_code == 0
    assert run_tm("--db", db, "glossary", "import",
                  ROOT / "glossary" / "dongguan-slogans.tsv").exit_code == 0
    result = run_tm("--db", db, "pretranslate", new, "-o", out, "--json")
    record = json.loads(result.stdout)["records"][0]
    assert record["result"] == "repaired" and record["score"] == 100
    assert record["changes"] == [["Two Establishments", "Two Upholds"], ["2025", "2026"]]
    assert out.read_text(encoding="utf-8").splitlines()[1].split("\t")[1:] == [
        "We firmly support the “Two Upholds” and advance the work of 2026.", "fuzzy"]


def test_a_number_written_in_words_is_not_repaired_but_filled_for_review(tmp_path):
    memory, new, out, db = (tmp_path / n for n in ("mem.tsv", "new.po", "out.po", "tm.db"))
    memory.write_text("zh\ten\n第十四届全国运动会在广东开幕\tThe fourteenth National Games open "
                      "in Guangdong\n", encoding="utf-8")
    new.write_text('msgid "第十五届全国运动会在广东开幕"\nmsgstr ""\n', encoding="utf-8")
    assert run_tm("--db", db, "import", memory).exit_code == 0
    result = run_tm("--db", db, "pretranslate", new, "-o", out, "--json")
    assert json.loads(result.stdout)["filled_fuzzy"] == 1
    entry = polib.pofile(str(out))[0]
    assert "fuzzy" in entry.flags and "fourteenth" in entry.msgstr


def test_worker_processes_fill_the_same_as_one_process(corpus_db, po_file, tmp_path):
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.po"
        proc = subprocess.run([str(TM), "--db", str(corpus_db), "pretranslate", str(po_file),
                               "-o", str(out)], capture_output=True, text=True,
                              env={**os.environ, "TM_WORKERS": workers})
        assert proc.returncode == 0, proc.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and b"16th" in outs[0]

"""Every file of ../shared/realworld imports with the unit count its MANIFEST gives, or is
refused with one clear line."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import SHARED, run_tm

pytestmark = pytest.mark.shared

# Files whose languages neither the file nor its name say: the options a user gives.
LANGUAGES = {
    "po/lisa-compkit/ExportTest1D.po": ("--tgt", "fr"),
    "po/lisa-compkit/ExportTest1D_fr.po": ("--tgt", "fr"),
    "po/okapi/AllCasesTest.po": ("--tgt", "fr"),
    "po/okapi/Test_DrupalRussianCP1251.po": ("--tgt", "ru"),
    "xliff/okapi/PAS-10-Test01.xlf": ("--src", "en", "--tgt", "de"),
    "glossary/matecat/Final-Matecat-new_glossary_format-Glossary.csv": ("--src", "en", "--tgt",
                                                                         "es"),
    "glossary/matecat/minimal-valid.csv": ("--src", "en", "--tgt", "it"),
    "glossary/omegat/project_CN_JP_glossary.txt": (),
    # OmegaT glossaries have no header: their languages are the project's
    "glossary/omegat/test.csv": ("--src", "en", "--tgt", "de"),
    "glossary/omegat/testUTF16LE.txt": ("--src", "en", "--tgt", "de"),
}
# OmegaT glossaries have no header row: every row the MANIFEST counts is a concept.
HEADERLESS = {"glossary/omegat/test.csv", "glossary/omegat/testUTF16LE.txt"}
# Broken on purpose (see realworld/README.md): refused with one line naming the file.
REFUSED = {
    "tmx/heartsome/ImportTMXTest0.tmx": "empty file",
    "tbx/heartsome/ImportTBXTest0.tbx": "empty file",
    "glossary/omegat/project_CN_JP_glossary.txt": "no tab",
}


class Kept(NamedTuple):
    """What tm stores from a file whose MANIFEST count it does not store whole, and why."""

    stored: int  # segments, or concepts for a glossary
    untranslated: int = 0  # "N untranslated skipped" on the summary line
    warnings: int = 0  # "tm: warning:" lines
    why: str = ""


# Every file not listed here stores exactly the MANIFEST's count, with no warning and nothing
# skipped. Units with an empty target are skipped on purpose (nothing to look up; the README's
# --keep-untranslated keeps them), and so are units with nothing but inline codes.
KEPT = {
    "po/django/conf_zh_Hans_django.po": Kept(347, 1, why="1 of 348 entries untranslated"),
    "po/sphinx/zh_TW.Big5_sphinx.po": Kept(0, 869, why="no entry translated"),
    "po/sphinx/zh_TW_sphinx.po": Kept(742, 127, why="742 of 869 entries translated"),
    # The MANIFEST counts 0: polib cannot read them. tm decodes them (no charset: windows-1252,
    # with a warning; the Drupal file's declared cp1251).
    "po/lisa-compkit/ExportTest1D.po": Kept(4, 0, 1, "windows-1252 read with a warning"),
    "po/lisa-compkit/ExportTest1D_fr.po": Kept(4, 0, 1, "windows-1252 read with a warning"),
    "po/okapi/Test_DrupalRussianCP1251.po": Kept(11, 6, why="17 entries, 6 untranslated"),
    # Each plural form is a segment: 11 entries, 3 with 2 forms (fr) = 14 forms, 4 empty.
    "po/okapi/AllCasesTest.po": Kept(10, 4, why="14 plural forms, 4 empty"),
    # 1,975 entries of which 653 obsolete (not read) leave 1,322 = 1,378 forms; 101 empty;
    # one pair stands twice and is stored once; no Language header (warned, the name says af).
    "po/okapi/Test_nautilus.af.po": Kept(1276, 101, 1, "obsolete, empty, one duplicate"),
    "tmx/okapi/potest.po.normal.tmx": Kept(9, 0, 3, "3 tu without a target tuv, warned"),
    "tmx/omegat/test-missingSource.tmx": Kept(3, 0, 1, "1 tu without a source tuv, warned"),
    "tmx/omegat/invalid.tmx": Kept(0, 1, why="its one tu has an empty target"),
    "xliff/heartsome/HSCAT8-61.xlf": Kept(0, 9, why="no target filled"),
    "xliff/heartsome/HSCAT8-80b.xlf": Kept(9, 1, why="1 empty target"),
    "xliff/heartsome/HSCAT8-83b.xlf": Kept(5, 1, why="1 empty target"),
    "xliff/heartsome/HSCAT8-9.xlf": Kept(0, 8, why="no target filled"),
    "xliff/okapi/Manual-12-AltTrans.xlf": Kept(2, 5, why="5 empty targets"),
    "xliff/okapi/SF-12-Test02.xlf": Kept(90, 8, why="8 empty targets"),
    "xliff/okapi/MQ-12-Test01.xlf": Kept(0, 118, why="untranslated; 1 unit only inline codes"),
    "xliff/okapi/PAS-10-Test01.xlf": Kept(0, 137, why="no target; 21 units only inline codes"),
    "xliff/okapi/TS09-12-Test01.xlf": Kept(1, 18, why="23 of 42 units only inline codes"),
    # Rows are grouped by their English term (3 rows Contact, 2 Driver); the row with no
    # English (Perro) is skipped with a warning.
    "glossary/matecat/Final-Matecat-new_glossary_format-Glossary.csv": Kept(
        7, 0, 1, "11 rows, grouped by English term; 1 without English"),
}
# TBX terms the MANIFEST counts that tm leaves out: 44 of sdl_tbx's <term> elements are empty.
TERMS_KEPT = {"tbx/okapi/sdl_tbx.tbx": 472}


class Counted(NamedTuple):
    units: int  # tu, trans-unit, PO entries, TBX entries, or glossary rows without the header
    terms: int | None  # TBX only


def counted(name: str, units: str) -> Counted:
    """The MANIFEST's `units` column, e.g. "314 tu / 628 tuv", "45 entries / 113 terms",
    "12 rows (incl. header if any)"; a file polib cannot parse counts 0."""
    number = int(re.match(r"\d*", units).group() or 0)
    terms = re.search(r"/ (\d+) terms", units)
    if "rows" in units and name not in HEADERLESS:
        number -= 1
    return Counted(number, int(terms.group(1)) if terms else None)


def manifest() -> dict[str, Counted]:
    """file -> what the MANIFEST says it holds (schemas, licences and expected outputs left
    out)."""
    path = SHARED / "realworld" / "MANIFEST.tsv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {row["file"]: counted(row["file"], row["units"]) for row in rows
            if not row["file"].startswith(("spec/", "tmx/lisa-compkit/expected/"))
            and (not row["file"].endswith((".txt", ".html")) or "glossary/" in row["file"])}


UNITS = manifest()


def test_the_manifest_lists_every_kind_of_file(shared: Path) -> None:
    kinds = {name.split("/")[0] for name in UNITS}
    assert kinds == {"glossary", "po", "tbx", "tmx", "xliff"}
    assert len(UNITS) == 112
    assert set(KEPT) | set(TERMS_KEPT) | set(REFUSED) <= set(UNITS)


def untranslated_skipped(stdout: str) -> int:
    return sum(int(n) for n in re.findall(r"(\d+) untranslated skipped", stdout))


@pytest.mark.parametrize("name", sorted(UNITS) or ["(no ../shared)"])
def test_real_world_file(name: str, shared: Path, tmp_path: Path) -> None:
    path = shared / "realworld" / name
    kind = name.split("/")[0]
    glossary = kind in ("tbx", "glossary")
    # (third-party glossaries break the controlled glossary's rules — several preferred
    # renderings, shared terms — which import refuses without --force)
    command = ["glossary", "import", "--force"] if glossary else ["import"]
    db = tmp_path / "tm.db"
    result = run_tm("--db", db, *command, *LANGUAGES.get(name, ()), path)
    assert "Traceback" not in result.stderr
    if name in REFUSED:
        assert result.exit_code == 2, result
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("tm: error: ")
        assert name.split("/")[-1] in lines[0] and REFUSED[name] in lines[0]
        assert not db.exists()  # a refused first import leaves no database
        return
    assert result.exit_code == 0, result.stderr
    stats = json.loads(run_tm("--db", db, "stats", "--json").stdout)
    expected = KEPT.get(name, Kept(UNITS[name].units))
    assert stats["concepts" if glossary else "segments"] == expected.stored, expected.why
    assert stats["segments" if glossary else "concepts"] == 0
    assert untranslated_skipped(result.stdout) == expected.untranslated, expected.why
    warnings = [line for line in result.stderr.splitlines() if line.startswith("tm: warning:")]
    assert len(warnings) == expected.warnings, warnings
    if kind == "tbx":
        assert stats["terms"] == TERMS_KEPT.get(name, UNITS[name].terms)

"""Every file of ../shared/realworld imports, or is refused with one clear line."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

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
# Broken on purpose (see realworld/README.md): refused with one line naming the file.
REFUSED = {
    "tmx/heartsome/ImportTMXTest0.tmx": "empty file",
    "tbx/heartsome/ImportTBXTest0.tbx": "empty file",
    "glossary/omegat/project_CN_JP_glossary.txt": "no tab",
}


def manifest() -> dict[str, int]:
    """file -> how many units the MANIFEST says it holds."""
    path = SHARED / "realworld" / "MANIFEST.tsv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {row["file"]: int(re.match(r"\d*", row["units"]).group() or 0) for row in rows
            if not row["file"].startswith(("spec/", "tmx/lisa-compkit/expected/"))
            and (not row["file"].endswith((".txt", ".html")) or "glossary/" in row["file"])}


UNITS = manifest()


@pytest.mark.parametrize("name", sorted(UNITS) or ["(no ../shared)"])
def test_real_world_file(name: str, shared: Path, tmp_path: Path) -> None:
    path = shared / "realworld" / name
    kind = name.split("/")[0]
    # (third-party glossaries break the controlled glossary's rules — several preferred
    # renderings, shared terms — which import refuses without --force)
    command = ["glossary", "import", "--force"] if kind in ("tbx", "glossary") else ["import"]
    db = tmp_path / "tm.db"
    result = run_tm("--db", db, *command, *LANGUAGES.get(name, ()), path)
    assert "Traceback" not in result.stderr
    if name in REFUSED:
        assert result.exit_code == 2, result
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("tm: error: ")
        assert name.split("/")[-1] in lines[0] and REFUSED[name] in lines[0]
        return
    assert result.exit_code == 0, result.stderr
    stats = json.loads(run_tm("--db", db, "stats", "--json").stdout)
    if UNITS[name]:  # units stored, or each one it could not keep named in a warning
        assert (stats["segments"] or stats["concepts"] or "warning" in result.stderr
                or "untranslated skipped" in result.stdout), name

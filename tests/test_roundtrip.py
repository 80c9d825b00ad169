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
    result = run_tm("--db", db, "import", *args, original)
    assert result.exit_code == 0, result.stderr
    result = run_tm("--db", db, "export", "-o", out)
    assert result.exit_code == 0, result.stderr
    msgfmt = require_program("msgfmt")
    proc = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    keys, plurals = _po_entries(original)
    translated = {k for k in plurals if any(text for _, text in k[3])}
    got_keys, got_plurals = _po_entries(out)
    assert keys - got_keys == set()  # gettext finds every entry by (msgctxt, msgid)
    assert translated and translated <= got_plurals  # msgid, msgid_plural, msgstr[n] as read


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

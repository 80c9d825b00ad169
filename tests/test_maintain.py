"""``tm segments …`` and ``tm import --update`` through the installed ``tm``, as a user runs
them: exit codes, --json, --dry-run writing nothing, one-line errors, the history, and the
search index following every change (lookup, concordance)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TM = Path(sys.executable).parent / "tm"

ROWS = [("两个确立", "Two Affirmations"),  # 1 (a deprecated rendering, to be corrected)
        ("推动高质量发展", "Promote high-quality development"),  # 2
        ("两个确立", "Two Affirmations"),  # 3 (a duplicate of 1)
        ("坚决做到两个维护", "Resolutely uphold the Two Safeguards")]  # 4


def run(db: Path, *args: str | Path, user: str = "tester") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TM_USER": user, "TM_NO_PROGRESS": "1"}
    return subprocess.run([TM, "--db", db, *map(os.fsdecode, args)], capture_output=True,
                          text=True, env=env, timeout=120)


def ok(db: Path, *args: str | Path, **kw: str) -> dict:
    proc = run(db, *args, "--json", **kw)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def one_line_error(proc: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert proc.returncode == 2, proc
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tm: error: "), proc.stderr
    for text in expected:
        assert text in lines[0], proc.stderr


def tsv(path: Path, rows: list[tuple[str, ...]]) -> Path:
    path.write_text("zh\ten\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "tm.db"
    ok(path, "import", "--src", "zh-CN", "--tgt", "en", tsv(tmp_path / "doc.tsv", ROWS))
    return path


def ids_of(found: dict) -> list[int]:
    return [seg["id"] for seg in found["segments"]]


def concordance_ids(db: Path, phrase: str) -> list[int]:
    return [hit["segment_id"] for hit in ok(db, "concordance", phrase)["hits"]]


def match_targets(db: Path, query: str) -> list[str]:
    return [m["target"] for m in ok(db, "lookup", query)["matches"]]


def test_list_filters_and_pages(db: Path) -> None:
    everything = ok(db, "segments", "list")
    assert everything["total"] == 4 and ids_of(everything) == [1, 2, 3, 4]
    assert ids_of(ok(db, "segments", "list", "--contains", "两个")) == [1, 3, 4]
    assert ids_of(ok(db, "segments", "list", "--contains", "Safeguards")) == [4]
    assert ids_of(ok(db, "segments", "list", "--contains", "safeguards")) == []  # exact case
    page = ok(db, "segments", "list", "--limit", "2", "--offset", "2")
    assert (page["total"], ids_of(page)) == (4, [3, 4])
    assert ids_of(ok(db, "segments", "list", "2-3")) == [2, 3]
    assert ids_of(ok(db, "segments", "list", "--origin", "doc.tsv", "--status",
                     "translated", "--since", "2000-01-01", "4")) == [4]


def test_show_prints_every_field_and_a_bad_id_is_one_line(db: Path) -> None:
    (seg,) = ok(db, "segments", "show", "2")["segments"]
    assert seg["source"] == "推动高质量发展" and seg["origin"] == "doc.tsv"
    assert {"created_at", "changed_at", "status", "note", "props", "unit_id"} <= set(seg)
    one_line_error(run(db, "segments", "show", "99"), "no segment 99")
    one_line_error(run(db, "segments", "show", "x1"), "'x1' is not a segment id")
    one_line_error(run(db, "segments", "edit", "99", "--target", "X"), "no segment 99")


def test_edit_is_recorded_and_the_index_follows(db: Path) -> None:
    assert concordance_ids(db, "Affirmations") == [1, 3]
    changes = ok(db, "segments", "edit", "1", "--target", "Two Establishments", "--status",
                 "approved", "--user", "alice")["changes"]
    assert changes == [{"segment_id": 1, "action": "edit",
                        "before": {"target": "Two Affirmations", "status": "translated"},
                        "after": {"target": "Two Establishments", "status": "approved"}}]
    # the new text is found, the old one no longer for this segment
    assert concordance_ids(db, "Establishments") == [1]
    assert concordance_ids(db, "Affirmations") == [3]
    assert match_targets(db, "两个确立")[0] == "Two Establishments"  # approved first
    (entry,) = ok(db, "segments", "history", "1")["entries"]
    assert (entry["user"], entry["command"], entry["action"]) == ("alice", "segments edit",
                                                                  "edit")
    assert entry["at"].endswith("Z") and entry["before"]["target"] == "Two Affirmations"
    # nothing to change: no history entry
    assert ok(db, "segments", "edit", "1", "--status", "approved")["changes"] == []
    assert len(ok(db, "segments", "history", "1")["entries"]) == 1


def test_editing_a_source_moves_it_in_lookups(db: Path) -> None:
    ok(db, "segments", "edit", "2", "--source", "推动经济高质量发展")
    assert concordance_ids(db, "经济") == [2]
    assert match_targets(db, "推动经济高质量发展") == ["Promote high-quality development"]
    assert 2 not in concordance_ids(db, "推动高")  # the old adjacency is gone
    assert ok(db, "segments", "history", "2")["entries"][0]["user"] == "tester"  # $TM_USER


def test_delete_dry_run_writes_nothing_then_delete_removes_from_lookups(db: Path) -> None:
    before = db.read_bytes()
    dry = ok(db, "segments", "delete", "--contains", "高质量", "--dry-run")
    assert (dry["dry_run"], dry["deleted"]) == (True, 1)
    assert dry["changes"][0]["before"]["source"] == "推动高质量发展"
    assert db.read_bytes() == before
    assert ok(db, "segments", "delete", "2")["deleted"] == 1
    assert concordance_ids(db, "高质量") == [] and concordance_ids(db, "质") == []
    assert match_targets(db, "推动高质量发展") == []
    one_line_error(run(db, "segments", "show", "2"), "no segment 2")
    (entry,) = ok(db, "segments", "history", "2")["entries"]  # the history stays
    assert entry["action"] == "delete" and entry["after"] is None
    assert entry["before"]["target"] == "Promote high-quality development"


def test_delete_refuses_everything_without_a_filter_or_all(db: Path) -> None:
    one_line_error(run(db, "segments", "delete"), "refusing to delete every segment")
    assert ok(db, "segments", "list")["total"] == 4
    assert ok(db, "segments", "delete", "--all")["deleted"] == 4
    assert ok(db, "segments", "list")["total"] == 0


def test_a_deleted_id_is_never_given_to_a_new_segment(db: Path, tmp_path: Path) -> None:
    ok(db, "segments", "delete", "4")  # the newest
    ok(db, "import", "--src", "zh-CN", "--tgt", "en", tsv(tmp_path / "new.tsv",
                                                          [("新句子", "A new sentence")]))
    assert ids_of(ok(db, "segments", "list")) == [1, 2, 3, 5]
    assert [e["action"] for e in ok(db, "segments", "history", "5")["entries"]] == []
    assert concordance_ids(db, "维护") == [] and concordance_ids(db, "句子") == [5]


def test_set_status(db: Path) -> None:
    changes = ok(db, "segments", "set-status", "1", "3-4", "reviewed")["changes"]
    assert [c["segment_id"] for c in changes] == [1, 3, 4]
    assert changes[0]["after"] == {"status": "reviewed"}
    assert ids_of(ok(db, "segments", "list", "--status", "reviewed")) == [1, 3, 4]
    one_line_error(run(db, "segments", "set-status", "1", "finished"), "status 'finished'")


def test_dedupe_keeps_the_most_approved_and_dry_run_writes_nothing(db: Path) -> None:
    ok(db, "segments", "set-status", "3", "approved")
    before = db.read_bytes()
    dry = ok(db, "segments", "dedupe", "--dry-run")
    assert dry["groups"] == [{"kept": 3, "removed": [1], "source": "两个确立",
                              "target": "Two Affirmations"}]
    assert db.read_bytes() == before
    assert ok(db, "segments", "dedupe")["deleted"] == 1
    assert ids_of(ok(db, "segments", "list")) == [2, 3, 4]
    assert concordance_ids(db, "确立") == [3]
    (entry,) = ok(db, "segments", "history", "1")["entries"]
    assert entry["action"] == "dedupe" and entry["after"] == {"duplicate_of": 3}
    assert ok(db, "segments", "dedupe")["deleted"] == 0


def test_import_update_replaces_the_target_only_when_asked(db: Path, tmp_path: Path) -> None:
    fixed = tsv(tmp_path / "fixed.tsv", [("两个确立", "Two Establishments"),
                                         ("推动高质量发展", "Promote high-quality development"),
                                         ("全新的句子", "A brand-new sentence")])
    plain = ok(db, "import", "--src", "zh-CN", "--tgt", "en", fixed)["files"][0]
    assert (plain["added"], plain["updated"]) == (3, 0)  # unchanged behaviour: new segments
    ok(db, "segments", "delete", "5-7")
    updated = ok(db, "import", "--update", "--src", "zh-CN", "--tgt", "en", fixed)["files"][0]
    assert (updated["read"], updated["added"], updated["updated"], updated["duplicates"]) == (
        3, 1, 1, 1)
    targets = {seg["id"]: seg["target"] for seg in ok(db, "segments", "list")["segments"]}
    assert targets[1] == targets[3] == "Two Establishments" and len(targets) == 5
    assert concordance_ids(db, "Affirmations") == []
    entries = ok(db, "segments", "history", "1", "3")["entries"]
    assert [(e["segment_id"], e["action"], e["command"]) for e in entries] == [
        (1, "import-update", "import --update"), (3, "import-update", "import --update")]
    again = ok(db, "import", "--update", "--src", "zh-CN", "--tgt", "en", fixed)["files"][0]
    assert (again["added"], again["updated"], again["duplicates"]) == (0, 0, 3)
    text = run(db, "import", "--update", "--src", "zh-CN", "--tgt", "en", fixed)
    assert "0 updated" in text.stdout


def test_import_update_keeps_untranslated_units_out(db: Path, tmp_path: Path) -> None:
    empty = tsv(tmp_path / "empty.tsv", [("两个确立", "")])
    report = ok(db, "import", "--update", "--src", "zh-CN", "--tgt", "en", empty)["files"][0]
    assert (report["untranslated_skipped"], report["updated"]) == (1, 0)
    kept = ok(db, "import", "--update", "--keep-untranslated", "--src", "zh-CN", "--tgt", "en",
              empty)["files"][0]
    assert (kept["added"], kept["updated"]) == (0, 0)  # an empty target replaces nothing
    assert ok(db, "segments", "show", "1")["segments"][0]["target"] == "Two Affirmations"

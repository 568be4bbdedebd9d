"""Editors' decisions (flows/review.py, dq.decisions): recorded in the warehouse, applied at once and by every
later run, by claim, statement or article, undone as a new row, exported and imported as CSV; one open count."""
import csv
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from flows.cli import editors_lines, main
from tests.conftest import query, run_stages

MOD = ("The Russian Defence Ministry said on Tuesday that air defences destroyed 30 drones between 23:00 and 07:00: "
       "20 over the Bryansk region and 15 over the Kursk region.\n")
GOVERNOR = "Bryansk Governor Alexander Bogomaz said on Tuesday that 12 drones were shot down over the Bryansk region overnight.\n"
AS_OF = date(2025, 7, 31)


def landing(base: Path) -> Path:
    inp = base / "landing"
    inp.mkdir(parents=True)
    (inp / "a.txt").write_text(MOD)
    (inp / "b.txt").write_text(GOVERNOR)
    (inp / "manifest.csv").write_text("file,published,source_url,outlet\na.txt,2025-07-15,,\nb.txt,2025-07-15,,\n")
    return inp


@pytest.fixture()
def warehouse(tmp_path) -> tuple[Path, Path]:
    inp = landing(tmp_path)
    db = tmp_path / "w.duckdb"
    run_stages(inp, db, as_of=AS_OF, run_id="run-1", report=True, progress=False)
    return inp, db


def claims(db: Path) -> dict[str, tuple]:
    """(source_file, region or total, drones) -> (dq_status, editor_decision)"""
    return {(f, r or "total", n): (s, d) for f, r, n, s, d in query(
        db, "SELECT source_file, region_code, drones, dq_status, editor_decision FROM marts.claims")}


def open_count_of_review(capsys, db: Path) -> int:
    assert main(["review", "--db", str(db)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    return int(re.match(r"(\d+) open flag", first).group(1))


def open_count_of_report(db: Path) -> int:
    html = (db.with_name(db.stem + ".report") / "index.html").read_text()
    return int(re.search(r"id='open-count'>(\d+)<", html).group(1))


def open_count_of_summary(db: Path) -> int:
    line = editors_lines({"report": str(db.with_name(db.stem + ".report") / "index.html")})[0]
    return int(re.search(r"open flags\s+(\d+)", line).group(1))


def test_the_premise_ministry_and_governor_disagree(warehouse):
    _, db = warehouse
    flags = set(query(db, "SELECT source_file, flag FROM dq.latest_flags WHERE open"))
    assert flags == {("a.txt", "breakdown_sum_mismatch"), ("a.txt", "source_discrepancy"), ("b.txt", "source_discrepancy")}
    # every flag row names its article, and none is there twice
    assert query(db, "SELECT count(*) FROM dq.flags WHERE source_file IS NULL") == [(0,)]
    assert query(db, "SELECT count(*), count(DISTINCT (source_file, claim_id, flag, message)) FROM dq.flags")[0] == (3, 3)


def test_one_open_count_in_report_summary_and_review(warehouse, capsys):
    _, db = warehouse
    n = query(db, "SELECT count(*) FROM dq.latest_flags WHERE open")[0][0]
    assert n == 3
    assert open_count_of_review(capsys, db) == open_count_of_report(db) == open_count_of_summary(db) == n
    assert main(["review", "--db", str(db), "--accept", "a.txt#0", "--statement", "--editor", "E", "--reason", "checked"]) == 0
    capsys.readouterr()
    n = query(db, "SELECT count(*) FROM dq.latest_flags WHERE open")[0][0]
    assert n == 1                                            # only the governor's flag is left
    assert open_count_of_review(capsys, db) == open_count_of_report(db) == open_count_of_summary(db) == 1


def test_reject_by_statement_holds_back_every_claim_and_reevaluates(warehouse, capsys):
    _, db = warehouse
    assert main(["review", "--db", str(db), "--reject", "a.txt#0", "--statement"]) == 2        # who and why
    assert main(["review", "--db", str(db), "--reject", "nope#0", "--statement", "--editor", "E", "--reason", "x"]) == 2
    assert main(["review", "--db", str(db), "--reject", "a.txt#0", "--statement",
                 "--editor", "Anna K.", "--reason", "the ministry's post was misquoted"]) == 0
    out = capsys.readouterr().out
    assert "re-run" in out and "report rewritten" in out
    c = claims(db)
    assert c[("a.txt", "total", 30)] == c[("a.txt", "RU-BRY", 20)] == c[("a.txt", "RU-KRS", 15)] == ("fail", "reject")
    # the governor's figure is no longer flagged against a rejected one, and stands alone in the tables
    assert c[("b.txt", "RU-BRY", 12)] == ("ok", None)
    assert query(db, "SELECT authority, drones FROM marts.daily_region") == [("governor", 12)]
    assert query(db, "SELECT count(*) FROM dq.latest_flags WHERE flag = 'source_discrepancy'") == [(0,)]
    assert query(db, "SELECT reason, claims FROM (SELECT CASE WHEN editor_decision = 'reject' THEN 'rejected' END AS reason, "
                     "count(*) AS claims FROM marts.claims GROUP BY 1) WHERE reason IS NOT NULL") == [("rejected", 3)]
    html = (db.parent / "w.report" / "index.html").read_text()
    assert "Anna K." in html and "rejected by an editor" in html


def test_undo_is_a_new_row_and_restores(warehouse, capsys):
    _, db = warehouse
    cid = query(db, "SELECT claim_id FROM marts.claims WHERE source_file = 'b.txt'")[0][0]
    assert main(["review", "--db", str(db), "--reject", cid, "--editor", "E", "--reason", "wrong night"]) == 0
    assert claims(db)[("b.txt", "RU-BRY", 12)] == ("fail", "reject")
    assert main(["review", "--db", str(db), "--undo", "1", "--editor", "E", "--reason", "it was right"]) == 0
    assert main(["review", "--db", str(db), "--undo", "1", "--editor", "E", "--reason", "again"]) == 2   # undone already
    rows = query(db, "SELECT decision_id, action, target, undoes FROM dq.decisions ORDER BY 1")
    assert rows == [(1, "reject", cid, None), (2, "undo", None, 1)]          # nothing updated or deleted
    assert claims(db)[("b.txt", "RU-BRY", 12)] == ("warn", None)
    assert query(db, "SELECT count(*) FROM dq.latest_flags WHERE flag = 'source_discrepancy'") == [(2,)]


def test_decision_survives_clearing_the_landing_folder_and_another_working_directory(warehouse, tmp_path, monkeypatch, capsys):
    inp, db = warehouse
    assert main(["review", "--db", str(db), "--reject", "b.txt", "--article", "--editor", "E", "--reason", "relay of a relay"]) == 0
    shutil.rmtree(inp)                       # the landing folder may be cleared (the warehouse holds the articles)
    inp.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    run_stages(inp, db, as_of=AS_OF, run_id="run-2", report=True, progress=False)
    assert claims(db)[("b.txt", "RU-BRY", 12)] == ("fail", "reject")
    assert query(db, "SELECT claim_id, status FROM dq.applied_decisions WHERE run_id = 'run-2'") == [
        (query(db, "SELECT claim_id FROM marts.claims WHERE source_file = 'b.txt'")[0][0], "applied")]
    assert not (elsewhere / "decisions.csv").exists() and not list(inp.iterdir())


def test_csv_export_import_round_trip_and_the_earlier_decisions_file(warehouse, tmp_path, capsys):
    inp, db = warehouse
    cid = query(db, "SELECT claim_id FROM marts.claims WHERE source_file = 'b.txt'")[0][0]
    assert main(["review", "--db", str(db), "--reject", cid, "--editor", "E", "--reason", "wrong night"]) == 0
    out = tmp_path / "decisions-export.csv"
    assert main(["review", "--db", str(db), "--export", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert [(r["action"], r["target_kind"], r["target"], r["editor"]) for r in rows] == [("reject", "claim", cid, "E")]
    # importing the same file again adds nothing
    assert main(["review", "--db", str(db), "--import", str(out)]) == 0
    assert "imported 0 decisions" in capsys.readouterr().out
    # a warehouse built anew from the same articles takes the export
    fresh = tmp_path / "fresh.duckdb"
    run_stages(inp, fresh, as_of=AS_OF, run_id="run-f", progress=False)
    assert main(["review", "--db", str(fresh), "--import", str(out)]) == 0
    assert claims(fresh)[("b.txt", "RU-BRY", 12)] == ("fail", "reject")
    # the decisions.csv of earlier versions in the landing folder is imported by a run, once
    (inp / "decisions.csv").write_text("claim_id,decision,editor,reason,decided_at\n"
                                       "0000deadbeef0000,accept,Ben,old claim,2025-07-16T10:00:00+00:00\n")
    run_stages(inp, db, as_of=AS_OF, run_id="run-2", progress=False)
    run_stages(inp, db, as_of=AS_OF, run_id="run-3", progress=False)
    assert query(db, "SELECT count(*) FROM dq.decisions WHERE target = '0000deadbeef0000'") == [(1,)]
    assert query(db, "SELECT status FROM dq.applied_decisions WHERE run_id = 'run-3' AND claim_id = '0000deadbeef0000'") == [("orphaned",)]

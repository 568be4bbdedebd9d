"""Editors' decisions: recorded with `skytally review`, applied by every later run, orphans reported."""
import csv
from datetime import date

from flows.cli import main
from tests.conftest import query, run_stages

ARTICLE = ("The Russian Defence Ministry said on Tuesday that air defences destroyed 30 drones between 23:00 and 07:00: "
           "20 over the Bryansk region and 15 over the Kursk region.\n")


def test_decisions_are_recorded_applied_and_orphans_kept(tmp_path, capsys):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text(ARTICLE)
    (inp / "manifest.csv").write_text("file,published,source_url,outlet\na.txt,2025-07-15,,\n")
    db = tmp_path / "w.duckdb"
    run_stages(inp, db, as_of=date(2025, 7, 31), run_id="run-1")
    (cid, status), = query(db, "SELECT claim_id, dq_status FROM marts.claims WHERE scope = 'total'")
    assert status == "warn"                                    # 20 + 15 > 30: breakdown_sum_mismatch

    assert main(["review", "--db", str(db)]) == 0
    listing = capsys.readouterr().out
    assert cid in listing and "breakdown_sum_mismatch" in listing

    assert main(["review", "--db", str(db), "--reject", cid]) == 2          # who and why are required
    assert main(["review", "--db", str(db), "--reject", "nope", "--editor", "E", "--reason", "x"]) == 2
    assert main(["review", "--db", str(db), "--reject", cid, "--editor", "Anna K.", "--reason", "total misread"]) == 0
    rows = list(csv.DictReader((inp / "decisions.csv").open()))
    assert rows[0]["claim_id"] == cid and rows[0]["decision"] == "reject" and rows[0]["editor"] == "Anna K."
    # a decision about a claim that later disappears
    with (inp / "decisions.csv").open("a") as f:
        f.write("0000deadbeef0000,accept,Ben,old claim,2025-07-16T10:00:00+00:00\n")

    run_stages(inp, db, as_of=date(2025, 7, 31), run_id="run-2", report=True)
    assert query(db, "SELECT dq_status, editor_decision FROM marts.claims WHERE claim_id = ?", [cid]) == [("fail", "reject")]
    assert query(db, "SELECT total_drones FROM marts.daily_totals WHERE authority = 'mod'") == [(None,)]
    applied = dict(query(db, "SELECT claim_id, status FROM dq.applied_decisions WHERE run_id = 'run-2'"))
    assert applied == {cid: "applied", "0000deadbeef0000": "orphaned"}
    html = (db.parent / "report" / "index.html").read_text()
    assert "0000deadbeef0000" in html and "orphaned" in html and "Anna K." in html

    # the rejected claim no longer shows as open
    assert main(["review", "--db", str(db)]) == 0
    assert cid not in capsys.readouterr().out.split("\n", 1)[1].split("Record a decision")[0]

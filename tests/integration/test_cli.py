import subprocess
import sys

from flows.cli import build_parser, main
from flows.runlock import RunLock, RunLocked


def test_help_explains_every_option(capsys):
    parser = build_parser()
    text = parser.format_help()
    assert "run" in text and "sql" in text
    run_help = next(a for a in parser._subparsers._group_actions[0].choices.items() if a[0] == "run")[1].format_help()
    for opt in ("--input", "--db", "--as-of", "manifest.csv", "skytally.report/index.html"):
        assert opt in run_help


def test_missing_input_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["run", "--input", str(tmp_path / "nope"), "--db", str(tmp_path / "w.duckdb")]) == 2
    assert "input folder not found" in capsys.readouterr().err


def test_bad_date_is_rejected(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--input", str(tmp_path), "--db", "x", "--as-of", "July"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "not a date" in proc.stderr


def test_second_writer_is_refused_with_a_clear_message(tmp_path):
    db = tmp_path / "w.duckdb"
    with RunLock(db):
        try:
            with RunLock(db):
                raise AssertionError("a second lock was granted")
        except RunLocked as e:
            assert "another run is writing" in str(e)
    with RunLock(db):   # released after the first run
        pass


def test_sql_on_missing_warehouse(tmp_path, capsys):
    assert main(["sql", "--db", str(tmp_path / "none.duckdb"), "SELECT 1"]) == 2
    assert "no warehouse" in capsys.readouterr().err


def test_lock_file_says_who_holds_it_and_where_the_run_is(tmp_path):
    import os

    from flows.runlock import note, read_status

    db = tmp_path / "w.duckdb"
    note(db, stage="ingest")                        # not held: nothing written
    assert read_status(db) == {}
    with RunLock(db):
        note(db, run="run-1", stage="stage")
        assert read_status(db) == {"pid": str(os.getpid()), "run": "run-1", "stage": "stage"}
        try:
            with RunLock(db):
                raise AssertionError("a second lock was granted")
        except RunLocked as e:
            assert f"(pid {os.getpid()})" in str(e)
    assert read_status(db) == {}


def test_a_child_adopts_the_lock_its_supervisor_holds(tmp_path, monkeypatch):
    from flows import runlock

    db = tmp_path / "w.duckdb"
    with RunLock(db) as lock:
        for k, v in lock.inherit_env().items():
            monkeypatch.setenv(k, v)
        runlock._held.clear()                       # as in a fresh process
        runlock.adopt_inherited()
        assert isinstance(RunLock.unless_held(db), __import__("contextlib").nullcontext)
        runlock.note(db, stage="publish")
        assert lock.status()["stage"] == "publish"


def test_an_interrupted_run_is_recorded_unless_it_had_published(tmp_path):
    from tests.conftest import query
    from warehouse import io as wh

    db = tmp_path / "w.duckdb"
    assert wh.mark_interrupted(db, "r-new", "interrupted by SIGINT at ingest", as_of="2025-07-31") == "interrupted"
    con = wh.connect(db)
    con.execute("INSERT INTO dq.runs (run_id, started_at, outcome) VALUES ('r-run', now(), 'running'), "
                "('r-pub', now(), 'published')")
    con.close()
    assert wh.mark_interrupted(db, "r-run", "interrupted by SIGTERM at stage") == "interrupted"
    assert wh.mark_interrupted(db, "r-pub", "interrupted by SIGINT at report") == "published"
    assert query(db, "SELECT run_id, outcome, message FROM dq.runs ORDER BY run_id") == [
        ("r-new", "interrupted", "interrupted by SIGINT at ingest"),
        ("r-pub", "published", None),
        ("r-run", "interrupted", "interrupted by SIGTERM at stage"),
    ]


def test_what_an_interrupted_run_says():
    from flows.supervisor import Supervisor

    run = Supervisor(["run"], None, None)
    assert run._where({"stage": "stage"}) == "stage (extracting claims)"
    assert run._where({}) == "start-up"
    assert Supervisor(["backfill"], None, None)._where({"stage": "publish", "as_of": "2025-07-02"}) == \
        "publish (night of 2025-07-02)"
    assert run._consequence("interrupted") == "the previous publication is intact; run again to finish"
    assert run._consequence(None) == "the previous publication is intact; run again to finish"
    assert "publication is complete" in run._consequence("published")
    assert "next run records" in run._consequence("unrecorded")

import subprocess
import sys

from flows.cli import build_parser, main
from flows.runlock import RunLock, RunLocked


def test_help_explains_every_option(capsys):
    parser = build_parser()
    text = parser.format_help()
    assert "run" in text and "sql" in text
    run_help = next(a for a in parser._subparsers._group_actions[0].choices.items() if a[0] == "run")[1].format_help()
    for opt in ("--input", "--db", "--as-of", "manifest.csv", "report/index.html"):
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

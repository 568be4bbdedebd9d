"""Inputs that explain themselves: every bad option or SKYTALLY_* variable is refused before anything
starts (no lock, no Prefect server), with exit 2 and the option's or variable's own name; one --db rule
for every command; the files a run ignores are counted by kind."""
import os
import socket
import subprocess
import sys
import time

import pytest

from flows import cli
from flows.cli import build_parser, main
from tests.conftest import ROOT


@pytest.fixture
def nothing_starts(monkeypatch):
    """Fail the test if a run would start: the supervisor takes the lock and starts the server."""
    import flows.supervisor

    def refuse(*a, **k):
        raise AssertionError("a run was started")
    monkeypatch.setattr(flows.supervisor, "supervise", refuse)
    for name in list(os.environ):
        if name.startswith("SKYTALLY_"):
            monkeypatch.delenv(name)


def _usage_error(capsys, argv) -> str:
    """Run the CLI; it must exit 2 (returned, or argparse's SystemExit) without a traceback; returns stderr."""
    try:
        code = main(argv)
    except SystemExit as e:
        code = e.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    return err


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BAD_VARIABLES = [
    ("SKYTALLY_BATCH_SIZE", "abc"),
    ("SKYTALLY_BATCH_SIZE", "0"),
    ("SKYTALLY_MAX_FILE_BYTES", "0"),
    ("SKYTALLY_PLAUSIBLE_MAX_DRONES", "-1"),
    ("SKYTALLY_SPIKE_FACTOR", "0"),
    ("SKYTALLY_SPIKE_FACTOR", "nan"),
    ("SKYTALLY_MAX_EVENT_AGE_DAYS", "-1"),
    ("SKYTALLY_PROGRESS", "maybe"),
    ("SKYTALLY_MIN_FILE_AGE", "-5"),
    ("SKYTALLY_DASK", "not an address"),
    ("SKYTALLY_DASK_WORKERS", "0"),
    ("SKYTALLY_WORKERS", "0"),
    ("SKYTALLY_BATCHES_IN_FLIGHT", "0"),
    ("SKYTALLY_LOCK_WAIT", "-1"),
    ("SKYTALLY_AS_OF", "July"),
]


@pytest.mark.parametrize("command", ["run", "backfill"])
@pytest.mark.parametrize("name,value", BAD_VARIABLES)
def test_a_bad_variable_is_named_and_nothing_starts(nothing_starts, monkeypatch, capsys, tmp_path, command, name, value):
    monkeypatch.setenv(name, value)
    argv = [command, "--input", str(tmp_path), "--db", str(tmp_path / "w.duckdb")]
    if command == "backfill":
        argv += ["--from", "2025-07-01", "--to", "2025-07-02"]
    err = _usage_error(capsys, argv)
    assert f"{name}=" in err
    assert "batch_size" not in err.replace("SKYTALLY_BATCH_SIZE", "")   # the variable, not the field


def test_decisions_file_that_is_a_folder(nothing_starts, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("SKYTALLY_DECISIONS_FILE", str(tmp_path))
    err = _usage_error(capsys, ["run", "--input", str(tmp_path), "--db", str(tmp_path / "w.duckdb")])
    assert "SKYTALLY_DECISIONS_FILE" in err and "is a folder" in err


def test_every_problem_is_listed_at_once(nothing_starts, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("SKYTALLY_BATCH_SIZE", "x")
    monkeypatch.setenv("SKYTALLY_LOCK_WAIT", "-3")
    err = _usage_error(capsys, ["run", "--input", str(tmp_path / "nope"), "--db", str(tmp_path / "w.duckdb")])
    assert "SKYTALLY_BATCH_SIZE" in err and "SKYTALLY_LOCK_WAIT" in err and "--input" in err


def test_a_misspelt_variable_is_a_warning_that_names_the_right_one(nothing_starts, monkeypatch, capsys, tmp_path):
    from flows.settings import check_environment

    monkeypatch.setenv("SKYTALLY_BATCHSIZE", "100")
    errors, warnings = check_environment()
    assert errors == [] and warnings == ["SKYTALLY_BATCHSIZE is not a skytally setting; ignored "
                                         "(did you mean SKYTALLY_BATCH_SIZE?)"]


@pytest.mark.parametrize("argv,name,words", [
    (["run", "--min-age", "-5"], "--min-age", "0 or more"),
    (["run", "--min-age", "soon"], "--min-age", "not a number"),
    (["run", "--min-age", "inf"], "--min-age", "0 or more"),
    (["run", "--as-of", "July"], "--as-of", "not a date"),
    (["run", "--dask", "nonsense"], "--dask", "neither 'local' nor"),
    (["backfill", "--from", "2025-07-15", "--to", "2025-07-14"], "--from", "on or before --to"),
    (["backfill", "--from", "2025-07-01", "--to", "2025-07-02", "--min-age", "-1"], "--min-age", "0 or more"),
    (["serve", "--cron", "every night"], "--cron", "Invalid cron"),
    (["serve", "--name", " "], "--name", "needs a name"),
])
def test_a_bad_option_is_named_and_nothing_starts(nothing_starts, capsys, tmp_path, argv, name, words):
    command, rest = argv[0], argv[1:]
    full = [command, "--input", str(tmp_path), "--db", str(tmp_path / "w.duckdb"), *rest]
    if command == "backfill" and "--from" not in rest:
        full += ["--from", "2025-07-01", "--to", "2025-07-02"]
    err = _usage_error(capsys, full)
    assert name in err and words in err


def test_a_dask_address_nobody_answers(nothing_starts, capsys, tmp_path):
    err = _usage_error(capsys, ["run", "--input", str(tmp_path), "--db", str(tmp_path / "w.duckdb"),
                                "--dask", f"tcp://127.0.0.1:{_closed_port()}"])
    assert "--dask: no Dask scheduler answers" in err


def test_input_that_is_a_file_says_so(nothing_starts, capsys, tmp_path):
    f = tmp_path / "notes.md"
    f.write_text("x")
    err = _usage_error(capsys, ["run", "--input", str(f), "--db", str(tmp_path / "w.duckdb")])
    assert "--input" in err and "is a file, not a folder" in err
    err = _usage_error(capsys, ["run", "--input", str(tmp_path / "nope"), "--db", str(tmp_path / "w.duckdb")])
    assert "--input: input folder not found" in err


@pytest.mark.parametrize("command", ["run", "sql", "export", "review"])
def test_db_that_is_a_folder_or_not_a_duckdb_file(nothing_starts, capsys, tmp_path, command):
    text = tmp_path / "notes.duckdb"
    text.write_text("not a database")
    extra = {"run": ["--input", str(tmp_path)], "sql": ["SELECT 1"], "export": ["--out", str(tmp_path / "o")], "review": []}
    for db, words in ((tmp_path, "is a folder, not a DuckDB file"), (text, "is not a DuckDB file")):
        err = _usage_error(capsys, [command, "--db", str(db), *extra[command]])
        assert "--db" in err and words in err


def test_db_where_it_cannot_be_created(nothing_starts, capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    err = _usage_error(capsys, ["run", "--input", str(tmp_path), "--db", str(blocker / "sub" / "w.duckdb")])
    assert "--db: cannot create" in err and "is not a folder" in err


def test_sql_options(nothing_starts, capsys, tmp_path):
    assert "--wait" in _usage_error(capsys, ["sql", "--wait", "-1", "SELECT 1"])
    assert "--max-rows" in _usage_error(capsys, ["sql", "--max-rows", "0", "SELECT 1"])
    assert "--docs" in _usage_error(capsys, ["generate", "--docs", "-3", "--seed", "1", "--out", str(tmp_path)])


def test_one_db_rule_for_every_command(monkeypatch):
    """--db has the same default everywhere: SKYTALLY_DB_PATH, else work/skytally.duckdb; none requires it."""
    commands = ["run", "serve", "backfill", "sql", "export", "review"]

    def defaults():
        sub = build_parser()._subparsers._group_actions[0].choices
        out = {}
        for c in commands:
            (db,) = [a for a in sub[c]._actions if "--db" in a.option_strings]
            assert not db.required, c
            out[c] = db.default
        return out

    monkeypatch.delenv("SKYTALLY_DB_PATH", raising=False)
    assert set(map(str, defaults().values())) == {"work/skytally.duckdb"}
    monkeypatch.setenv("SKYTALLY_DB_PATH", "/srv/skytally/w.duckdb")
    assert set(map(str, defaults().values())) == {"/srv/skytally/w.duckdb"}


def test_real_command_refuses_fast_without_traceback_or_server(tmp_path):
    """The issue's case: `--min-age -5` started the server and failed after 8.7 s with a pydantic traceback."""
    home = tmp_path / "prefect-home"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SKYTALLY_", "PREFECT_"))}, "PREFECT_HOME": str(home)}
    for argv, extra_env, name in ((["--min-age", "-5"], {}, "--min-age"),
                                  ([], {"SKYTALLY_BATCH_SIZE": "lots"}, "SKYTALLY_BATCH_SIZE")):
        t0 = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--input", str(tmp_path), "--db",
                               str(tmp_path / "w.duckdb"), *argv], capture_output=True, text=True, cwd=ROOT,
                              env={**env, **extra_env}, timeout=60)
        seconds = time.monotonic() - t0
        assert proc.returncode == 2, proc.stderr
        assert name in proc.stderr and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) <= 3
        assert seconds < 5                              # the server alone takes 9 s or more to start
        assert not home.exists()                        # no Prefect server (or client) ever ran
        assert not (tmp_path / "w.duckdb.lock").exists()


def test_ignored_files_are_counted_by_kind(tmp_path):
    from flows.stages import find_articles

    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.TXT", "notes.md", "sub/readme.md", "c.txt.part", "manifest.csv", "decisions.csv",
                 "sub/manifest.csv", "Makefile", ".DS_Store"):
        (tmp_path / name).write_text("x")
    ignored: dict[str, int] = {}
    found = find_articles(tmp_path, ignored)
    assert sorted(f.source_file for f in found) == ["a.txt", "sub/b.TXT"]
    # manifest.csv and decisions.csv at the root are inputs, not ignored; one in a subfolder is
    assert ignored == {".md": 2, ".part": 1, ".csv": 1, "no extension": 1, "hidden": 1}


def test_summary_says_what_was_ignored():
    result = {
        "run_id": "r", "db_path": "w.duckdb", "report": "report/index.html",
        "ingest": {"n_files": 4, "n_articles": 4, "n_quarantined": 0, "n_taken": 4, "n_unchanged": 0, "n_aliases": 0,
                   "n_not_ready": 0, "not_ready": [], "ignored": {".md": 2, ".part": 1}},
        "stage": {"n_claims": 1}, "validate": {"n_flags": 0, "by_flag": {}},
        "publish": {"n_published_claims": 1, "n_failed_claims": 0, "n_daily_region": 1, "n_daily_totals": 1},
    }
    text = cli.summary_text(result, 1.0)
    assert "  files found       4" in text
    assert "  ignored           3 not named *.txt (2 .md, 1 .part)" in text

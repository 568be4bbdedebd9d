"""`skytally serve` and `skytally backfill`: their options and usage errors (the runs themselves are in
tests/e2e/test_prefect_server.py), and the retry policy of the flow's tasks."""
import pytest

from flows.cli import build_parser, main


def _help(command: str) -> str:
    parser = build_parser()
    return parser._subparsers._group_actions[0].choices[command].format_help()


def test_help_explains_serve_and_backfill():
    serve = _help("serve")
    for text in ("--input", "--db", "--cron", "Moscow", "--min-age", "--dask", "prefect server start", "PREFECT_API_URL"):
        assert text in serve
    backfill = _help("backfill")
    for text in ("--from", "--to", "each as its own flow run", "safe", "--dask"):
        assert text in " ".join(backfill.split())
    assert "--min-age" in _help("run") and "--dask" in _help("run")


def test_serve_without_a_server_says_how_to_start_one(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    assert main(["serve", "--input", str(tmp_path), "--db", str(tmp_path / "w.duckdb")]) == 2
    err = capsys.readouterr().err
    assert "prefect server start --host 127.0.0.1" in err and "PREFECT_API_URL=http://127.0.0.1:4200/api" in err


def test_serve_rejects_a_bad_cron(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    assert main(["serve", "--input", str(tmp_path), "--db", str(tmp_path / "w.duckdb"), "--cron", "every night"]) == 2
    assert "--cron" in capsys.readouterr().err


@pytest.mark.parametrize("first,last", [("2025-07-15", "2025-07-14"), ("2015-01-01", "2025-12-31")])
def test_backfill_rejects_a_reversed_or_huge_range(tmp_path, capsys, first, last):
    assert main(["backfill", "--input", str(tmp_path), "--db", str(tmp_path / "w.duckdb"), "--from", first, "--to", last]) == 2
    assert "--from must be on or before --to" in capsys.readouterr().err


def test_backfill_of_a_missing_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["backfill", "--input", str(tmp_path / "nope"), "--db", str(tmp_path / "w.duckdb"),
                 "--from", "2025-07-14", "--to", "2025-07-15"]) == 2
    assert "input folder not found" in capsys.readouterr().err


def test_only_failures_a_retry_can_mend_are_retried():
    from prefect.states import Failed

    from flows.nightly import worth_retrying
    from flows.runlock import RunLocked

    for permanent in (FileNotFoundError("input folder not found"), RunLocked("another run is writing"), ValueError("bad")):
        assert not worth_retrying(None, None, Failed(data=permanent))
    for transient in (OSError("disk busy"), TimeoutError(), RuntimeError("worker lost")):
        assert worth_retrying(None, None, Failed(data=transient))

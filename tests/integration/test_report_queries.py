"""The report's reads (warehouse/sql/report/ through warehouse.report_queries) on the sample warehouse:
each file runs as written in the DuckDB shell, the reads need no write access, and the report is written
while an analyst has the warehouse open read-only."""
from __future__ import annotations

import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import duckdb
import pytest

from warehouse import report_queries as q

REPO = Path(__file__).resolve().parents[2]
DUCKDB_SHELL = REPO / ".venv" / "bin" / "duckdb"
RUN_ID = "test-run"            # conftest.sample_warehouse's run
REPORT_SQL = sorted(p.name for p in resources.files("warehouse").joinpath("sql", "report").iterdir()
                    if p.name.endswith(".sql"))


@pytest.fixture(scope="module")
def ro(sample_warehouse):
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    yield con
    con.close()


def shell(db: Path, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(DUCKDB_SHELL), "-readonly", "-csv", str(db)], input=sql, text=True,
                          capture_output=True, timeout=60)


@pytest.mark.skipif(not DUCKDB_SHELL.exists(), reason="the DuckDB shell (duckdb-cli) is not installed in .venv")
@pytest.mark.parametrize("name", REPORT_SQL)
def test_each_report_query_runs_as_written_in_the_duckdb_shell(sample_warehouse, name):
    unset = shell(sample_warehouse, q.sql_text(name))
    assert unset.returncode == 0 and "Error" not in unset.stderr, unset.stderr
    with_vars = shell(sample_warehouse, f"SET VARIABLE run_id = '{RUN_ID}'; SET VARIABLE left_per_article = 6;\n"
                                        "SET VARIABLE left_articles = 50;\n" + q.sql_text(name))
    assert with_vars.returncode == 0 and "Error" not in with_vars.stderr, with_vars.stderr
    if name == "run.sql":
        assert RUN_ID in with_vars.stdout and RUN_ID not in unset.stdout


def test_every_report_query_has_its_function(ro, monkeypatch):
    """No file under sql/report/ is dead, and each runs on a read-only connection."""
    called = set()
    real = q.rows

    def spy(con, name, **variables):
        called.add(name)
        return real(con, name, **variables)

    monkeypatch.setattr(q, "rows", spy)
    q.run(ro, RUN_ID), q.tonight(ro, RUN_ID), q.left_out(ro), q.days(ro, RUN_ID), q.statement_flags(ro, RUN_ID)
    q.statement_count(ro, RUN_ID)
    q.flags_by_kind(ro, RUN_ID), q.article_flags(ro, RUN_ID), q.left_figures(ro, RUN_ID, 6, 50), q.quarantine(ro, RUN_ID)
    q.decisions(ro, RUN_ID), q.chart_regions(ro), q.chart_authorities(ro), q.daily_totals(ro)
    q.expectation_results(ro, RUN_ID)
    assert called == set(REPORT_SQL)


def test_run_reads(ro):
    run = q.run(ro, RUN_ID)
    assert run["run_id"] == RUN_ID and run["n_articles"] > 0
    assert q.run(ro, "no-such-run") is None
    kinds = q.flags_by_kind(ro, RUN_ID)
    n_flags, = ro.execute("SELECT count(*) FROM dq.flags WHERE run_id = ?", [RUN_ID]).fetchone()
    assert sum(k["n"] for k in kinds) == n_flags
    t = q.tonight(ro, RUN_ID)
    assert t["flags"] == n_flags and t["open_flags"] == sum(k["open"] for k in kinds) > 0
    assert t["articles"] == t["articles_held"] and t["previous_run"] is None     # one run: everything is tonight's


def test_days_and_left_out_count_every_claim_once(ro):
    days = q.days(ro, RUN_ID)
    n_claims, n_undated = ro.execute(
        "SELECT count(*), count(*) FILTER (WHERE event_date IS NULL) FROM marts.claims").fetchone()
    assert sum(d["claims"] for d in days) == n_claims
    assert {d["status"] for d in days} <= {"publishable", "needs review", "held back"}
    assert [d["status"] for d in days if d["event_date"] is None] == (["held back"] if n_undated else [])
    left = {r["reason"]: r["claims"] for r in q.left_out(ro)}
    assert left.get("no date", 0) == n_undated > 0          # the sample has two claims without a date
    # the open flags of the days add up to the open flags on claims
    on_claims, = ro.execute("SELECT count(*) FROM dq.latest_flags WHERE open AND claim_id IS NOT NULL").fetchone()
    assert sum(d["open_flags"] for d in days) == on_claims


def test_left_figures_are_cut_per_article(ro):
    one = q.left_figures(ro, RUN_ID, 1, 10_000)
    all_ = q.left_figures(ro, RUN_ID, 10_000, 10_000)
    assert one and len({r["source_file"] for r in one}) == len(one)           # one per article
    assert all(r["n_left"] == sum(1 for a in all_ if a["source_file"] == r["source_file"]) for r in one)
    # cut to the first articles in the order the page lists them; n_articles counts them all
    two = q.left_figures(ro, RUN_ID, 10_000, 2)
    order = list(dict.fromkeys(r["source_file"] for r in all_))
    assert len(order) > 2 and list(dict.fromkeys(r["source_file"] for r in two)) == order[:2]
    assert two == [r for r in all_ if r["source_file"] in order[:2]]
    assert {r["n_articles"] for r in all_ + two} == {len(order)}


def test_report_is_written_while_the_warehouse_is_open_read_only_elsewhere(sample_warehouse, tmp_path, monkeypatch):
    """The report only reads, so it opens the file read-only: an analyst's read-only shell does not hold it up
    (a read-write open would wait for that reader to close, then fail)."""
    from report.write import write_report
    from warehouse import io as wh

    db = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, db)
    monkeypatch.setattr(wh, "_lock_wait", 1.0)     # a read-write open would fail after 1 s
    hold = ("import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
            "print('reading', flush=True); time.sleep(60)")
    reader = subprocess.Popen([sys.executable, "-c", hold, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "reading"
        page = write_report(db, RUN_ID, None)
        assert page == tmp_path / "w.report" / "index.html"
        assert f"<title>skytally report {RUN_ID}</title>" in page.read_text(encoding="utf-8")
    finally:
        reader.kill()
        reader.wait()

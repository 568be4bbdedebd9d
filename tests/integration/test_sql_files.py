"""The warehouse's and the rules' SQL files run as written in the DuckDB shell (.venv/bin/duckdb), with their
parameters set as DuckDB variables, and give the rows the pipeline's own calls give."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from expectations.rules import RULES
from tests.conftest import ROOT, query
from warehouse import dq, marts
from warehouse import io as wh

DUCKDB = Path(sys.executable).parent / "duckdb"
SQL_RULES = [r for r in RULES if r.source == "sql"]
# not the defaults: values the sample's claims cross, so a variable that was not read would show
SETTINGS = {"plausible_max_drones": 50, "spike_factor": 1.5, "max_event_age_days": 0}
RUN_ID = "test-run"     # the run id of the sample_warehouse fixture

pytestmark = pytest.mark.skipif(not DUCKDB.exists(), reason="the DuckDB shell (duckdb-cli) is not installed")


def shell(db: Path, *commands: str, read_only: bool = False) -> str:
    """Run commands in the DuckDB shell on `db`, one -c each, as a user would; its output (CSV, NULL as NULL)."""
    args = [str(DUCKDB), *(["-readonly"] if read_only else []), str(db), "-c", ".mode csv", "-c", ".nullvalue NULL"]
    for c in commands:
        args += ["-c", c]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0 and "Error" not in proc.stderr, proc.stderr
    return proc.stdout


def set_variables(values: dict[str, object]) -> list[str]:
    return [f"SET VARIABLE {k} = {v!r}" if isinstance(v, str) else f"SET VARIABLE {k} = {v}" for k, v in values.items()]


def csv_rows(text: str) -> list[tuple[str, ...]]:
    rows = list(csv.reader(io.StringIO(text)))
    return [tuple(r) for r in rows[1:]]    # without the header


def as_text(row: tuple) -> tuple[str, ...]:
    return tuple("NULL" if v is None else str(v) for v in row)


@pytest.fixture(scope="module")
def rules_warehouse(sample_warehouse, tmp_path_factory) -> Path:
    """The sample warehouse with a few staged rows changed so that every set-level rule has offending rows."""
    db = tmp_path_factory.mktemp("rules") / "w.duckdb"
    shutil.copy(sample_warehouse, db)
    con = duckdb.connect(str(db))
    try:
        con.execute("INSERT INTO raw.articles SELECT * REPLACE ('copy of ' || source_file AS source_file) "
                    "FROM raw.articles ORDER BY source_file LIMIT 1")                           # duplicate_article
        first = con.execute("SELECT claim_id FROM staging.stg_claims WHERE scope = 'region' AND published_date IS NOT NULL "
                            "ORDER BY claim_id LIMIT 2").fetchall()
        # event_after_published, and a spike over the three days of history inserted below (regional_spike)
        con.execute("UPDATE staging.stg_claims SET event_date = published_date + 3, drones = 40 WHERE claim_id = ?", [first[0][0]])
        con.execute("UPDATE staging.stg_claims SET region_code = NULL WHERE claim_id = ?", [first[1][0]])   # region_unresolved
        con.execute("INSERT INTO staging.stg_claims SELECT * EXCLUDE (d) REPLACE (claim_id || '-h' || d AS claim_id, event_date - d::INTEGER AS event_date, "
                    "1 AS drones) FROM staging.stg_claims, (SELECT range AS d FROM range(1, 4)) WHERE claim_id = ?", [first[0][0]])
        # relay_mismatch: a copy of a regional claim as the authority's own post, with another figure
        con.execute("INSERT INTO staging.stg_claims SELECT * REPLACE (claim_id || '-post' AS claim_id, 'post-' || source_file "
                    "AS source_file, drones + 1 AS drones, true AS from_channel) FROM staging.stg_claims "
                    "WHERE scope = 'region' AND event_date IS NOT NULL AND qualifier = 'exact' ORDER BY claim_id LIMIT 1")
    finally:
        con.close()
    return db


@pytest.mark.parametrize("rule", SQL_RULES, ids=[r.flag for r in SQL_RULES])
def test_rule_file_in_the_shell_gives_the_pipelines_rows(rules_warehouse, rule):
    con = duckdb.connect(str(rules_warehouse), read_only=True)
    try:
        expected = sorted(as_text(r) for r in dq.run_rule(con, rule.sql_text, SETTINGS).fetchall())
    finally:
        con.close()
    path = ROOT / "expectations" / rule.sql_file
    got = sorted(csv_rows(shell(rules_warehouse, *set_variables(SETTINGS), f".read {path}", read_only=True)))
    assert got == expected
    assert expected, f"{rule.flag} has no offending row on the test warehouse: the comparison would prove nothing"


def test_rule_parameters_are_read_from_the_variables(rules_warehouse):
    """The same rule file with another value of its variable gives other rows (the value is not baked in)."""
    path = ROOT / "expectations" / "sql" / "implausible_count.sql"
    low = csv_rows(shell(rules_warehouse, "SET VARIABLE plausible_max_drones = 50", f".read {path}", read_only=True))
    high = csv_rows(shell(rules_warehouse, "SET VARIABLE plausible_max_drones = 1000", f".read {path}", read_only=True))
    assert len(low) > len(high) and all("bound of 50" in r[2] for r in low)


def test_mart_files_in_the_shell_rebuild_the_published_tables(sample_warehouse, tmp_path):
    """Every mart file, run in the shell in publish order on a copy whose marts were dropped, gives the tables
    the pipeline published."""
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, db)
    tables = [t for (t,) in query(db, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' ORDER BY 1")]
    shell(db, *[f"DROP TABLE marts.{t}" for t in tables])
    assert query(db, "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'marts'") == [(0,)]
    shell(db, f"SET VARIABLE run_id = '{RUN_ID}'", *[f".read warehouse/sql/{name}" for name in marts.MART_FILES])
    for t in tables:
        assert query(db, f"SELECT * FROM marts.{t} ORDER BY ALL") == query(sample_warehouse, f"SELECT * FROM marts.{t} ORDER BY ALL"), t
    comments = "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE schema_name = 'marts' ORDER BY ALL"
    assert query(db, comments) == query(sample_warehouse, comments)


def test_marts_claims_reads_the_run_id_variable(sample_warehouse, tmp_path):
    """Flags count only for the run named by the variable: another run id publishes every claim unflagged."""
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_warehouse, db)
    shell(db, "SET VARIABLE run_id = 'no-such-run'", ".read warehouse/sql/marts_claims.sql")
    assert query(db, "SELECT DISTINCT dq_status FROM marts.claims") == [("ok",)]
    assert {s for (s,) in query(sample_warehouse, "SELECT DISTINCT dq_status FROM marts.claims")} != {"ok"}


def test_query_files_run_in_the_shell(rules_warehouse):
    """The query files of warehouse/sql run as written too, with the variables they read, and return as many
    rows as the pipeline's call (their values are compared above for the rules and the marts)."""
    first, last = query(rules_warehouse, "SELECT min(source_file), max(source_file) FROM raw.articles")[0]
    python_values = {"files": [first, last], "as_of": date(2025, 7, 31), "extractor_version": "another version"}
    shell_values = {"files": f"['{first}', '{last}']", "as_of": "DATE '2025-07-31'", "extractor_version": "'another version'"}
    con = duckdb.connect(str(rules_warehouse), read_only=True)
    try:
        for name in ("raw_held.sql", "raw_articles_by_name.sql", "raw_articles_to_stage.sql", "staging_kept.sql",
                     "staging_claims_for_checks.sql", "dq_open_flags.sql"):
            wanted = wh.variables_of(wh.sql_text(name))
            py = wh.run_file(con, name, **{k: python_values[k] for k in wanted}).fetchall()
            out = csv_rows(shell(rules_warehouse, *[f"SET VARIABLE {k} = {shell_values[k]}" for k in wanted],
                                 f".read warehouse/sql/{name}", read_only=True))
            assert py and len(out) == len(py), name
    finally:
        con.close()


def test_ddl_files_run_in_the_shell_on_a_new_file(tmp_path):
    db = tmp_path / "new.duckdb"
    shell(db, *[f".read warehouse/sql/{name}" for name in wh.DDL_FILES])
    schemas = {s for (s,) in query(db, "SELECT DISTINCT schema_name FROM duckdb_tables()")}
    assert schemas == {"raw", "staging", "dq"}


def test_a_missing_variable_is_an_error_not_an_empty_result(tmp_path):
    con = duckdb.connect(":memory:")
    wh.apply_ddl(con)
    with pytest.raises(ValueError, match="run_id"):
        wh.run_file(con, "marts_claims.sql")
    with pytest.raises(ValueError, match="spike_factor"):
        wh.run_sql(con, "SELECT getvariable('spike_factor')", {"spike_factor": 2.0, "unused": 1})
    assert wh.run_sql(con, "SELECT getvariable('spike_factor') * 2", {"spike_factor": 2.5}).fetchone() == (5.0,)
    con.close()


EXAMPLES = sorted((ROOT / "warehouse" / "examples").glob("*.sql"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_queries_answer_in_the_shell(sample_warehouse, path):
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        expected = con.execute(path.read_text()).fetchall()
    finally:
        con.close()
    assert expected and len(csv_rows(shell(sample_warehouse, f".read {path}", read_only=True))) == len(expected)

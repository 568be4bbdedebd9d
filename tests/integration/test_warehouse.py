"""The warehouse as analysts use it: DDL, the publish transaction, example queries, export."""
import csv
import subprocess
import sys

import duckdb
import polars as pl
import pytest

from tests.conftest import ROOT, query
from warehouse import io as wh

EXAMPLES = sorted((ROOT / "warehouse" / "examples").glob("*.sql"))


def test_ddl_is_rerunnable(tmp_path):
    con = wh.connect(tmp_path / "w.duckdb")
    wh.apply_ddl(con)
    con.execute("INSERT INTO dq.rules VALUES ('x', 'info', 'kept across re-runs')")
    wh.apply_ddl(con)
    assert con.execute("SELECT count(*) FROM dq.rules").fetchone()[0] == 1
    con.close()


def test_failed_publish_leaves_the_previous_publication(sample_warehouse, tmp_path, monkeypatch):
    db = tmp_path / "copy.duckdb"
    db.write_bytes(sample_warehouse.read_bytes())
    before = query(db, "SELECT * FROM marts.daily_totals ORDER BY ALL")
    from flows import stages
    from flows.settings import Settings

    con = wh.connect(db)
    con.execute("DELETE FROM staging.stg_claims WHERE scope = 'total'")   # new staged data ...
    con.close()
    real = wh.sql_text
    monkeypatch.setattr(wh, "sql_text", lambda n: "SELECT * FROM no_such_table" if n == "marts_daily_totals.sql" else real(n))
    with pytest.raises(duckdb.CatalogException):
        stages.publish(Settings(input_dir=tmp_path, db_path=db), "broken-run")   # ... but the third table fails
    assert query(db, "SELECT * FROM marts.daily_totals ORDER BY ALL") == before
    # marts.claims was rebuilt inside the same transaction: it is the old one too, and the run is not published
    assert query(db, "SELECT count(*) FROM marts.claims WHERE scope = 'total'")[0][0] > 0
    assert query(db, "SELECT count(*) FROM dq.runs WHERE run_id = 'broken-run' AND outcome = 'published'") == [(0,)]


def test_replace_rows_by_key(tmp_path):
    con = wh.connect(tmp_path / "w.duckdb")
    wh.apply_ddl(con)
    rows = pl.DataFrame({"flag": ["a", "b"], "severity": ["info", "warn"], "description": ["one", "two"]})
    wh.replace_rows(con, "dq.rules", rows, key="flag")
    wh.replace_rows(con, "dq.rules", pl.DataFrame({"flag": ["b"], "severity": ["error"], "description": ["new"]}), key="flag")
    assert con.execute("SELECT flag, severity FROM dq.rules ORDER BY flag").fetchall() == [("a", "info"), ("b", "error")]
    con.close()


def test_published_tables_and_columns_are_commented(sample_warehouse):
    missing = query(sample_warehouse, "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'marts' "
                                      "AND (comment IS NULL OR comment = '')")
    assert missing == []
    tables = query(sample_warehouse, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' AND comment IS NOT NULL")
    assert {t for (t,) in tables} == {"claims", "daily_region", "daily_totals", "figure_decisions", "extraction_rules",
                                      "statement_region", "daily_envelope"}


def test_every_dq_relation_is_commented(sample_warehouse):
    """Tables and views of dq that analysts are pointed to (README, dq.latest_flags) explain themselves."""
    relations = query(sample_warehouse, "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'dq' "
                                        "UNION ALL SELECT view_name, comment FROM duckdb_views() WHERE schema_name = 'dq'")
    names = {n for n, _ in relations}
    assert {"runs", "flags", "decisions", "latest_flags", "run_flags", "decisions_in_force", "claim_decisions",
            "checked_claims", "applied_decisions", "expectation_results", "rules"} <= names
    assert [n for n, c in relations if not c] == []


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_queries_answer_on_the_sample(sample_warehouse, path):
    rows = query(sample_warehouse, path.read_text())
    assert rows, f"{path.name} returned nothing on the sample warehouse"


def test_five_example_queries_are_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    assert len(EXAMPLES) >= 5
    for p in EXAMPLES:
        assert p.name in readme


def test_export_writes_csv_and_parquet(sample_warehouse, tmp_path):
    out = tmp_path / "export"
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "export", "--db", str(sample_warehouse), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    for table in ("claims", "daily_region", "daily_totals"):
        n = query(sample_warehouse, f"SELECT count(*) FROM marts.{table}")[0][0]
        with open(out / f"{table}.csv", newline="") as f:
            assert sum(1 for _ in csv.DictReader(f)) == n
        assert pl.read_parquet(out / f"{table}.parquet").height == n

"""staging: cleaned articles, claims, findings and figure decisions of every article held.

Staging is incremental: an article's rows stay from night to night and are replaced only when its input or
the extractor version changes. A run extracts what is new into a scratch DuckDB file (FILE.staging.tmp, its
own, so the warehouse stays readable meanwhile) and merges it into staging in one short transaction: the
stale rows out, the new rows in, the run's counts into dq.runs."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import duckdb
import polars as pl

from warehouse.io import append_rows, attached, replace_rows, run_file, sql_text, transaction

STAGED_TABLES = ["stg_articles", "stg_claims", "stg_findings", "figure_decisions"]

# Cross-article identities of claims, computed in DuckDB (md5 there is stable across versions). It reads a
# frame registered as _in_claims (transforms.vocabulary.CLAIM_COLUMNS) and inserts by column name: a new claim
# column needs no change here.
INSERT_CLAIMS = """
INSERT INTO staging.stg_claims BY NAME
WITH k AS (
    SELECT *, md5(concat_ws('|', authority, coalesce(official, ''), coalesce(CAST(event_date AS VARCHAR), ''),
                            coalesce(CAST(window_start_local AS VARCHAR), ''), coalesce(CAST(window_end_local AS VARCHAR), ''),
                            coalesce(period, ''))) AS report_key
    FROM _in_claims
)
SELECT *, md5(concat_ws('|', report_key, scope, coalesce(region_code, ''), CAST(drones AS VARCHAR))) AS claim_key
FROM k
"""


def create_scratch(con: duckdb.DuckDBPyConnection) -> None:
    """The staging tables in a fresh scratch file."""
    con.execute(sql_text("00_schemas.sql"))
    con.execute(sql_text("20_staging.sql"))


def write_claims(con: duckdb.DuckDBPyConnection, claims: pl.DataFrame) -> None:
    """Insert claims into staging.stg_claims with their report_key and claim_key."""
    con.register("_in_claims", claims.to_arrow())
    try:
        con.execute(INSERT_CLAIMS)
    finally:
        con.unregister("_in_claims")


def append_batch(con: duckdb.DuckDBPyConnection, articles: pl.DataFrame, claims: pl.DataFrame,
                 findings: pl.DataFrame, decisions: pl.DataFrame) -> None:
    """Add one staged batch (transforms.staging.Staged) to the staging tables of `con`."""
    append_rows(con, "staging.stg_articles", articles)
    append_rows(con, "staging.figure_decisions", decisions)
    if claims.height:
        write_claims(con, claims)
    if findings.height:
        append_rows(con, "staging.stg_findings", findings)


def gone(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Articles staged earlier that are no longer in raw.articles."""
    return [r[0] for r in run_file(con, "staging_gone.sql").fetchall()]


def kept_versions(con: duckdb.DuckDBPyConnection) -> dict[str | None, int]:
    """Staged articles by the extractor version that staged them (None: not recorded)."""
    return dict(run_file(con, "staging_kept.sql").fetchall())


def merge_staging(con: duckdb.DuckDBPyConnection, scratch: Path, replaced: list[str], rules: pl.DataFrame,
                  record: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
                  before_commit: Callable[[], None] | None = None) -> None:
    """In one transaction: remove the staged rows of the articles named in `replaced` (re-extracted, or gone),
    add the scratch file's rows, replace staging.extraction_rules with `rules`, and call `record(con)` (the
    run's counts into dq.runs). `before_commit` runs inside it, last (the crash tests kill there)."""
    with attached(con, scratch, "scratch"), transaction(con):
        if replaced:
            run_file(con, "staging_forget.sql", files=replaced)
        replace_rows(con, "staging.extraction_rules", rules)
        for table in STAGED_TABLES:
            con.execute(f"INSERT INTO staging.{table} BY NAME SELECT * FROM scratch.staging.{table}")
        if record:
            record(con)
        if before_commit:
            before_commit()


def findings(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every staging.stg_findings row."""
    return con.execute("SELECT * FROM staging.stg_findings").pl()


def claim_files(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """(claim_id, source_file) of every staged claim: the article a flag on a claim belongs to."""
    return con.execute("SELECT claim_id, source_file FROM staging.stg_claims").pl()


def claim_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT claim_id FROM staging.stg_claims").fetchall()}


# the checked columns that hold a few distinct values: categoricals in the frame Great Expectations reads
FEW_VALUED = ["authority", "scope", "qualifier", "period", "date_precision", "region_code"]


def claims_for_checks(con: duckdb.DuckDBPyConnection):
    """The staged claims as the column suite checks them, as a pandas frame (Great Expectations reads pandas), its
    few-valued text columns as categoricals: a fraction of the memory of one Python string per cell."""
    frame = run_file(con, "staging_claims_for_checks.sql").pl()
    return frame.with_columns(pl.col(FEW_VALUED).cast(pl.Categorical)).to_pandas()

"""marts: the published tables, rebuilt together from staging and dq in one transaction (Write-Audit-Publish)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, NamedTuple

import duckdb

from warehouse.io import run_file

# One SQL file each, in this order (daily tables read marts.claims), rebuilt together by publish.
MART_FILES = ["marts_claims.sql", "marts_daily_region.sql", "marts_statement_region.sql", "marts_daily_envelope.sql",
              "marts_daily_totals.sql", "marts_figure_decisions.sql", "marts_comments.sql"]
PUBLISHED_TABLES = ["claims", "daily_region", "daily_totals", "daily_envelope", "statement_region"]


def rebuild(con: duckdb.DuckDBPyConnection, run_id: str, after_each: Callable[[str], None] | None = None) -> None:
    """Rebuild every published table from staging and this run's flags and decisions, inside the caller's
    transaction, all or nothing (a run records itself published in the same one, flows.stages.publish; skytally
    review re-evaluates flags and republishes in one). `after_each(name)` is called after each file
    (the crash tests kill there)."""
    for name in MART_FILES:
        run_file(con, name, **({"run_id": run_id} if name == "marts_claims.sql" else {}))
        if after_each:
            after_each(name)


class Counts(NamedTuple):
    n_claims: int
    n_published_claims: int    # dq_status other than 'fail'
    n_failed_claims: int
    n_daily_region: int
    n_daily_totals: int


def counts(con: duckdb.DuckDBPyConnection) -> Counts:
    n, ok, failed = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE dq_status <> 'fail'), count(*) FILTER (WHERE dq_status = 'fail') FROM marts.claims"
    ).fetchone()
    dr = con.execute("SELECT count(*) FROM marts.daily_region").fetchone()[0]
    dt = con.execute("SELECT count(*) FROM marts.daily_totals").fetchone()[0]
    return Counts(n, ok, failed, dr, dt)


def claim_exists(con: duckdb.DuckDBPyConnection, claim_id: str) -> bool:
    return con.execute("SELECT 1 FROM marts.claims WHERE claim_id = ?", [claim_id]).fetchone() is not None


def export(con: duckdb.DuckDBPyConnection, out_dir: Path, fmt: str = "both") -> list[Path]:
    """Write each published table to out_dir as CSV and/or Parquet; returns the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in PUBLISHED_TABLES:
        for ext, options in (("csv", "FORMAT csv, HEADER true"), ("parquet", "FORMAT parquet")):
            if fmt not in (ext, "both"):
                continue
            target = out_dir / f"{table}.{ext}"
            path = str(target).replace("'", "''")
            con.execute(f"COPY (SELECT * FROM marts.{table} ORDER BY ALL) TO '{path}' ({options})")
            written.append(target)
    return written

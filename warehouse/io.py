"""The one module that opens the DuckDB file: DDL, staged writes, the publish transaction, reads."""
from __future__ import annotations

import os
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Iterator

import duckdb
import polars as pl

SQL_DIR = "sql"
# DDL files applied in this order (each is re-runnable).
DDL_FILES = ["00_schemas.sql", "10_raw.sql", "20_staging.sql", "30_dq.sql"]
# Published tables, one SQL file each, rebuilt together in the publish transaction.
MART_FILES = ["marts_claims.sql", "marts_daily_region.sql", "marts_daily_totals.sql", "marts_figure_decisions.sql",
              "marts_comments.sql"]


class WarehouseBusy(RuntimeError):
    """Another process holds the file open for writing."""


def sql_text(name: str) -> str:
    return resources.files(__package__).joinpath(SQL_DIR, name).read_text(encoding="utf-8")


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as e:
        if "lock" in str(e).lower():
            raise WarehouseBusy(
                f"{path} is in use by another process (a run is writing it); try again when it has finished"
            ) from e
        raise


def apply_ddl(con: duckdb.DuckDBPyConnection) -> None:
    for name in DDL_FILES:
        con.execute(sql_text(name))


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    else:
        con.execute("COMMIT")


def replace_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, key: str | None = None) -> None:
    """Write a frame into a table: replace the rows with the frame's keys, or the whole table when key is None.

    Columns are matched by name, so tables may carry more columns than the frame.
    """
    view = f"_in_{table.replace('.', '_')}"
    con.register(view, frame.to_arrow())
    try:
        cols = ", ".join(f'"{c}"' for c in frame.columns)
        if key is None:
            con.execute(f"DELETE FROM {table}")
        else:
            con.execute(f'DELETE FROM {table} WHERE "{key}" IN (SELECT "{key}" FROM {view})')
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {view}")
    finally:
        con.unregister(view)


def publish(con: duckdb.DuckDBPyConnection, run_id: str, after_each=None) -> None:
    """Rebuild every published table from staging and dq, all or nothing (Write-Audit-Publish).

    `after_each(name)` is called after each table inside the transaction (the crash tests kill there)."""
    with transaction(con):
        for name in MART_FILES:
            con.execute(sql_text(name).replace("{{run_id}}", run_id.replace("'", "''")))
            if after_each:
                after_each(name)


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pl.DataFrame:
    return con.execute(sql, params or []).pl()


PUBLISHED_TABLES = ["claims", "daily_region", "daily_totals"]


def export_marts(con: duckdb.DuckDBPyConnection, out_dir: Path, fmt: str = "both") -> list[Path]:
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


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CHECKPOINT")


def file_is_readable(path: Path) -> bool:
    return os.path.exists(path)

"""The one module that opens the DuckDB file (connect, lock wait), and how SQL reaches it: the files of sql/
with their parameters as DuckDB variables, transactions, frames written into tables.

The statements belong to one module per schema: raw.py, staging.py, dq.py, marts.py."""
from __future__ import annotations

import re
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator

import duckdb
import polars as pl

SQL_DIR = "sql"
# DDL files applied in this order (each is re-runnable).
DDL_FILES = ["00_schemas.sql", "10_raw.sql", "20_staging.sql", "30_dq.sql", "31_decisions.sql"]


class WarehouseBusy(RuntimeError):
    """Another process holds the file open for writing (or, for a writer, open at all)."""


# How long a connection waits for another process to let go of the file. A run's writes wait for readers
# (`skytally sql`, the DuckDB shell) to close it; the setting lock_wait (SKYTALLY_LOCK_WAIT) sets it through
# set_lock_wait (flows.settings.Settings.configure_warehouse): this module reads no environment.
DEFAULT_LOCK_WAIT = 60.0
_lock_wait = DEFAULT_LOCK_WAIT


def set_lock_wait(seconds: float) -> None:
    global _lock_wait
    _lock_wait = max(0.0, float(seconds))


def lock_wait() -> float:
    return _lock_wait


def sql_text(name: str) -> str:
    """The text of a file under sql/ ('marts_claims.sql', 'queries/raw_held.sql')."""
    return resources.files(__package__).joinpath(SQL_DIR, name).read_text(encoding="utf-8")


VARIABLE = re.compile(r"getvariable\('(\w+)'\)")


def variables_of(sql: str) -> set[str]:
    """The DuckDB variables a statement reads (getvariable('name'))."""
    return set(VARIABLE.findall(sql))


def run_sql(con: duckdb.DuckDBPyConnection, sql: str, variables: dict[str, object] | None = None) -> duckdb.DuckDBPyConnection:
    """Run SQL text (one or more statements) that takes its parameters as DuckDB variables, as the DuckDB shell
    runs it after `SET VARIABLE name = value;`. getvariable() of a variable never set is NULL, which would
    quietly match nothing: a missing or unexpected variable is an error here instead."""
    variables = variables or {}
    wanted = variables_of(sql)
    if wanted != set(variables):
        raise ValueError(f"the SQL reads variables {sorted(wanted)} but was given {sorted(variables)}")
    for name, value in variables.items():
        con.execute(f"SET VARIABLE {name} = ?", [value])
    return con.execute(sql)


def run_file(con: duckdb.DuckDBPyConnection, name: str, **variables: object) -> duckdb.DuckDBPyConnection:
    """Run a file of sql/ with its parameters; returns the connection, to fetch the last statement's result."""
    return run_sql(con, sql_text(name), variables)


def connect(path: Path | str, read_only: bool = False, wait: float | None = None,
            on_wait: Callable[[str], None] | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse. While another process holds a conflicting lock (a writer, or for a writer any
    reader), retry for `wait` seconds (default: 0 for readers, `lock_wait()` for writers), calling
    `on_wait(holder)` once when it starts waiting; then raise WarehouseBusy."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    wait = (0.0 if read_only else lock_wait()) if wait is None else wait
    deadline = time.monotonic() + wait
    waited = False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as e:
            if "lock" not in str(e).lower():
                raise
            holder = lock_holder(str(e))
            if time.monotonic() >= deadline:
                if read_only:
                    raise WarehouseBusy(f"{path} is being written by another process ({holder}); "
                                        "try again when it has finished") from e
                raise WarehouseBusy(f"{path} is held open by another process ({holder}) and was not closed within "
                                    f"{wait:g}s; close it (a DuckDB shell or a long query) and run again") from e
            if on_wait and not waited:
                on_wait(holder)
            waited = True
            time.sleep(0.2)


def lock_holder(message: str) -> str:
    """'PID 123: /usr/bin/duckdb' from DuckDB's 'Conflicting lock is held in /usr/bin/duckdb (PID 123)'."""
    m = re.search(r"held in (.*?) \(PID (\d+)\)", message)
    return f"PID {m.group(2)}: {m.group(1)}" if m else "unknown process"


def scratch_path(db_path: Path | str) -> Path:
    """The scratch DuckDB file beside the warehouse that the stage task writes what it extracts into."""
    return Path(str(db_path) + ".staging.tmp")


def remove_scratch(db_path: Path | str) -> None:
    path = scratch_path(db_path)
    for p in (path, Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)


# DuckDB keeps the blocks a connection writes in memory until its buffer pool (default: 80 % of RAM) is full:
# a writer of the whole corpus would grow with it. The stage's connections write through a pool this size,
# so their memory is bounded by the batch, not by what is staged.
STAGE_MEMORY_LIMIT = "256MB"
READER_MEMORY_LIMIT = "128MB"   # a connection that streams batches out and keeps nothing
QUERY_MEMORY_LIMIT = "512MB"    # the checks' and the report's reads (every claim or flag, sorted)


def limit_memory(con: duckdb.DuckDBPyConnection, limit: str = STAGE_MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    """Cap the buffer pool of the database `con` belongs to (blocks beyond it are written out, not kept)."""
    con.execute(f"SET memory_limit = '{limit}'")
    return con


def is_duckdb_file(path: Path) -> bool:
    """True when the file starts like a DuckDB database (b'DUCK' at offset 8)."""
    with open(path, "rb") as f:
        return f.read(12)[8:12] == b"DUCK"


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


def append_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Insert a frame's rows into a table, columns matched by name."""
    view = f"_in_{table.replace('.', '_')}"
    con.register(view, frame.to_arrow())
    try:
        cols = ", ".join(f'"{c}"' for c in frame.columns)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {view}")
    finally:
        con.unregister(view)


@contextmanager
def attached(con: duckdb.DuckDBPyConnection, path: Path | str, alias: str) -> Iterator[None]:
    """Another DuckDB file attached read-only for the duration of the block."""
    quoted = str(path).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS {alias} (READ_ONLY)")
    try:
        yield
    finally:
        con.execute(f"DETACH {alias}")


def user_query(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyRelation | None:
    """An analyst's own query (`skytally sql`): a relation to show, or None for a statement without a result."""
    return con.sql(sql)


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CHECKPOINT")


def mark_interrupted(path: Path | str, run_id: str, message: str, as_of: str | None = None,
                     input_dir: str | None = None, wait: float = 3.0) -> str:
    """Record in dq.runs that a run ended before it finished (unless it had already published) and return
    the run's outcome as recorded: 'interrupted', or 'published' when only its report was left to write.
    The supervisor calls it when the run's process is gone, so it opens the file itself."""
    from warehouse import dq

    con = connect(path, wait=wait)
    try:
        apply_ddl(con)
        return dq.mark_interrupted(con, run_id, message, as_of, input_dir)
    finally:
        con.close()

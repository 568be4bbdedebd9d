"""raw: every file that arrived, as it arrived (raw.articles, raw.quarantine, raw.aliases)."""
from __future__ import annotations

from datetime import date
from typing import Iterable, Iterator

import duckdb
import polars as pl

from transforms.intake import Decision
from warehouse.io import replace_rows, run_file

ARTICLE_SCHEMA = {"source_file": pl.String, "sha256": pl.String, "bytes": pl.Int64, "encoding": pl.String, "text": pl.String,
                  "published": pl.String, "source_url": pl.String, "outlet": pl.String,
                  "received_at": pl.Datetime("us"), "landed_on": pl.Date, "run_id": pl.String, "mtime_ns": pl.Int64}
QUARANTINE_SCHEMA = {"source_file": pl.String, "reason": pl.String, "content": pl.Binary, "sha256": pl.String, "bytes": pl.Int64,
                     "received_at": pl.Datetime("us"), "landed_on": pl.Date, "run_id": pl.String, "mtime_ns": pl.Int64}
ALIAS_SCHEMA = {"source_file": pl.String, "sha256": pl.String, "alias_of": pl.String,
                "received_at": pl.Datetime("us"), "landed_on": pl.Date, "run_id": pl.String}
SCHEMAS = {"articles": ARTICLE_SCHEMA, "quarantine": QUARANTINE_SCHEMA, "aliases": ALIAS_SCHEMA}


def _record_mtimes(con: duckdb.DuckDBPyConnection, table: str, stats: list[dict]) -> None:
    """The new modification times of unchanged files read again (so that the next run need not read them)."""
    if not stats:
        return
    con.register("_restat", pl.DataFrame(stats, schema={"source_file": pl.String, "mtime_ns": pl.Int64}).to_arrow())
    try:
        con.execute(f"UPDATE raw.{table} AS t SET mtime_ns = s.mtime_ns FROM _restat AS s WHERE t.source_file = s.source_file")
    finally:
        con.unregister("_restat")


def held(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every name in raw.* with its bytes' hash, metadata, size and modification time (transforms.intake.HELD_COLUMNS;
    a copy has a second row, from raw.aliases), sorted by name."""
    return run_file(con, "raw_held.sql").pl()


def write_raw(con: duckdb.DuckDBPyConnection, decisions: Iterable[Decision]) -> None:
    """Write the rows of ingest decisions: each name into exactly one of raw.articles and raw.quarantine (a name
    that moves, e.g. a quarantined file that now decodes, leaves the other), and a copy of bytes held under
    another name into raw.aliases as well (a name taken again that is no copy leaves raw.aliases)."""
    rows: dict[str, list[dict]] = {table: [] for table in SCHEMAS}
    taken: list[str] = []
    restat: dict[str, list[dict]] = {"articles": [], "quarantine": []}
    for d in decisions:
        if d.restat is not None and d.table in restat:
            restat[d.table].append({"source_file": d.source_file, "mtime_ns": d.restat})
        if d.row is None:
            continue
        rows[d.table].append(d.row)
        taken.append(d.source_file)
        if d.alias is not None:
            rows["aliases"].append(d.alias)
    for table in ("articles", "quarantine"):
        buffered = rows[table]
        if not buffered:
            continue
        other = "quarantine" if table == "articles" else "articles"
        con.execute(f"DELETE FROM raw.{other} WHERE source_file IN (SELECT unnest(?))", [[r["source_file"] for r in buffered]])
        replace_rows(con, f"raw.{table}", pl.DataFrame(buffered, schema=SCHEMAS[table]), key="source_file")
    for table, stats in restat.items():
        _record_mtimes(con, table, stats)
    if taken:
        con.execute("DELETE FROM raw.aliases WHERE source_file IN (SELECT unnest(?))", [taken])
    if rows["aliases"]:
        replace_rows(con, "raw.aliases", pl.DataFrame(rows["aliases"], schema=ALIAS_SCHEMA), key="source_file")


def count_articles(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM raw.articles").fetchone()[0]


def articles_to_stage(con: duckdb.DuckDBPyConnection, as_of: date, version: str) -> pl.DataFrame:
    """The articles whose staged rows are missing or stale (source_file, input_key, why), by name."""
    return run_file(con, "raw_articles_to_stage.sql", as_of=as_of, extractor_version=version).pl()


def batches_by_name(con: duckdb.DuckDBPyConnection, names: list[str], batch_size: int, as_of: date) -> Iterator[pl.DataFrame]:
    """The raw.articles rows named in `names` (sorted), in batches of `batch_size`, each read from the file only
    when the iterator is advanced; each row with the night it landed (column as_of)."""
    for start in range(0, len(names), batch_size):
        yield run_file(con, "raw_articles_by_name.sql", files=names[start:start + batch_size], as_of=as_of).pl()


def quarantined(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(source_file, reason) of every file in quarantine."""
    return con.execute("SELECT source_file, reason FROM raw.quarantine").fetchall()

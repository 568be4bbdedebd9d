"""raw: every file that arrived, as it arrived (raw.articles, raw.quarantine, raw.aliases)."""
from __future__ import annotations

from datetime import date
from typing import Iterable, Iterator

import duckdb
import polars as pl

from transforms.intake import Decision, HeldIndex, index_held
from warehouse.io import replace_rows, run_file

ARTICLE_SCHEMA = {"source_file": pl.String, "sha256": pl.String, "bytes": pl.Int64, "encoding": pl.String, "text": pl.String,
                  "published": pl.String, "source_url": pl.String, "outlet": pl.String,
                  "received_at": pl.Datetime("us"), "landed_on": pl.Date, "run_id": pl.String}
QUARANTINE_SCHEMA = {"source_file": pl.String, "reason": pl.String, "content": pl.Binary, "sha256": pl.String, "bytes": pl.Int64,
                     "received_at": pl.Datetime("us"), "landed_on": pl.Date, "run_id": pl.String}
ALIAS_SCHEMA = {"source_file": pl.String, "sha256": pl.String, "alias_of": pl.String,
                "received_at": pl.Datetime("us"), "landed_on": pl.Date, "run_id": pl.String}
SCHEMAS = {"articles": ARTICLE_SCHEMA, "quarantine": QUARANTINE_SCHEMA, "aliases": ALIAS_SCHEMA}


def held(con: duckdb.DuckDBPyConnection) -> HeldIndex:
    """Every name in raw.* with its bytes' hash, and for each hash the first name it was read under."""
    return index_held(run_file(con, "raw_held.sql").fetchall())


def write_raw(con: duckdb.DuckDBPyConnection, decisions: Iterable[Decision]) -> None:
    """Write the rows of ingest decisions: each name into exactly one of raw.articles, raw.quarantine,
    raw.aliases (a name that moves, e.g. a quarantined file that now decodes, leaves the other two)."""
    rows: dict[str, list[dict]] = {table: [] for table in SCHEMAS}
    for d in decisions:
        if d.row is not None:
            rows[d.table].append(d.row)
    for table, buffered in rows.items():
        if not buffered:
            continue
        names = [r["source_file"] for r in buffered]
        for other in SCHEMAS.keys() - {table}:
            con.execute(f"DELETE FROM raw.{other} WHERE source_file IN (SELECT unnest(?))", [names])
        replace_rows(con, f"raw.{table}", pl.DataFrame(buffered, schema=SCHEMAS[table]), key="source_file")


def count_articles(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM raw.articles").fetchone()[0]


def article_batches(con: duckdb.DuckDBPyConnection, batch_size: int, as_of: date) -> tuple[int, Iterator[pl.DataFrame]]:
    """(how many articles raw.articles holds, an iterator over them in batches of `batch_size` by name), each
    row with the night it landed (`as_of` for rows from before raw.articles recorded it). A batch is read
    from the file only when the iterator is advanced."""
    names = [r[0] for r in con.execute("SELECT source_file FROM raw.articles ORDER BY source_file").fetchall()]

    def batches() -> Iterator[pl.DataFrame]:
        for start in range(0, len(names), batch_size):
            chunk = names[start:start + batch_size]
            yield run_file(con, "raw_articles_batch.sql", first_file=chunk[0], last_file=chunk[-1], as_of=as_of).pl()
    return len(names), batches()


def quarantined(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(source_file, reason) of every file in quarantine."""
    return con.execute("SELECT source_file, reason FROM raw.quarantine").fetchall()

"""The editors' report's reads: one function per file in sql/report/, each returning plain rows.

Parameters reach the SQL as DuckDB variables (`SET VARIABLE`, read with `getvariable`), so every file
also runs as written in the DuckDB shell (where an unset variable is NULL and the run's queries return
no rows until `SET VARIABLE run_id = '...'`). Nothing here writes: a read-only connection is enough.
"""
from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    import duckdb

Row = dict[str, Any]


def sql_text(name: str) -> str:
    return resources.files(__package__).joinpath("sql", "report", name).read_text(encoding="utf-8")


def rows(con: duckdb.DuckDBPyConnection, name: str, **variables: Any) -> list[Row]:
    """Run sql/report/<name> with the given variables set on the connection; rows as dicts by column name."""
    for key, value in variables.items():
        con.execute(f"SET VARIABLE {key} = ?", [value])
    cur = con.execute(sql_text(name))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def run(con: duckdb.DuckDBPyConnection, run_id: str) -> Row | None:
    """dq.runs' row of the run (header and counts), None when the run is not recorded."""
    found = rows(con, "run.sql", run_id=run_id)
    return found[0] if found else None


def tonight(con: duckdb.DuckDBPyConnection, run_id: str) -> Row:
    """articles, quarantined, claims, new_flags, new_open_flags, flags, open_flags, articles_held, claims_held,
    previous_run: what arrived in the run and what stands open."""
    return rows(con, "tonight.sql", run_id=run_id)[0]


def left_out(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """reason, claims: claims out of the daily tables by reason (rejected, failed a check, no date)."""
    return rows(con, "left_out.sql")


def days(con: duckdb.DuckDBPyConnection, run_id: str) -> list[Row]:
    """Every Moscow day with its status (publishable, needs review, held back), why, and touched_tonight."""
    return rows(con, "days.sql", run_id=run_id)


def statement_flags(con: duckdb.DuckDBPyConnection, run_id: str, tonight_only: bool = False) -> list[Row]:
    """The run's warnings and errors by statement, newest day first, with their claims and decisions;
    tonight_only: only the statements with a row of tonight's articles or a new flag."""
    return rows(con, "statement_flags.sql", run_id=run_id, tonight_only=tonight_only)


def statement_flag_batches(con: duckdb.DuckDBPyConnection, run_id: str, size: int = 5000,
                           tonight_only: bool = False) -> Iterator[list[Row]]:
    """statement_flags' rows, `size` at a time as they are read (the archive of a large warehouse is written page
    by page, and tonight's page chosen, without holding every row). The connection runs nothing else meanwhile."""
    con.execute("SET VARIABLE run_id = ?", [run_id])
    con.execute("SET VARIABLE tonight_only = ?", [tonight_only])
    cur = con.execute(sql_text("statement_flags.sql"))
    cols = [d[0] for d in cur.description]
    while batch := cur.fetchmany(size):
        yield [dict(zip(cols, row, strict=True)) for row in batch]


def statement_count(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """How many statements (and articles) the archive pages list: statement_flags' groups."""
    return rows(con, "statement_count.sql", run_id=run_id)[0]["n"]


def flags_by_kind(con: duckdb.DuckDBPyConnection, run_id: str) -> list[Row]:
    """flag, severity, n (rows), files (articles), open per kind of flag of the run."""
    return rows(con, "flags_by_kind.sql", run_id=run_id)


def article_flags(con: duckdb.DuckDBPyConnection, run_id: str) -> list[Row]:
    """Article-level findings of the run's new articles (quarantine aside)."""
    return rows(con, "article_flags.sql", run_id=run_id)


def left_figures(con: duckdb.DuckDBPyConnection, run_id: str, per_article: int, articles: int) -> list[Row]:
    """Figures not taken as claims in the run's flagged articles, at most per_article each (n_left counts all),
    of the first `articles` articles, most severely flagged first (n_articles counts all)."""
    return rows(con, "left_figures.sql", run_id=run_id, left_per_article=per_article, left_articles=articles)


def quarantine(con: duckdb.DuckDBPyConnection, run_id: str) -> list[Row]:
    """source_file, reason, bytes, tonight of every quarantined file."""
    return rows(con, "quarantine.sql", run_id=run_id)


def decisions(con: duckdb.DuckDBPyConnection, run_id: str) -> list[Row]:
    """Every editor's decision, latest first, with in_force and the claims of the run it applies to."""
    return rows(con, "decisions.sql", run_id=run_id)


def chart_regions(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """event_date, region_name, high_drones, ...: the first chart's data (last 60 days)."""
    return rows(con, "chart_regions.sql")


def chart_authorities(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """event_date, authority, drones, itemised_only: the second chart's data (last 60 days)."""
    return rows(con, "chart_authorities.sql")


def daily_totals(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """marts.daily_totals as published."""
    return rows(con, "daily_totals.sql")


def expectation_results(con: duckdb.DuckDBPyConnection, run_id: str) -> list[Row]:
    """suite, rule, severity, success, description, observed of the run's Great Expectations results."""
    return rows(con, "expectation_results.sql", run_id=run_id)

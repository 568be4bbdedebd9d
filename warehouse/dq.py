"""dq: one row per run, per expectation result, per flag, per editor decision; the rules and their offending rows."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable

import duckdb
import polars as pl

from warehouse.io import append_rows, replace_rows, run_file, run_sql, variables_of

FLAG_SCHEMA = {"run_id": pl.String, "source_file": pl.String, "claim_id": pl.String, "flag": pl.String,
               "severity": pl.String, "message": pl.String, "detail": pl.String}
RESULT_SCHEMA = {"run_id": pl.String, "suite": pl.String, "rule": pl.String, "severity": pl.String,
                 "description": pl.String, "success": pl.Boolean, "observed": pl.String}
RULE_ROW_COLUMNS = ["rule", "source_file", "claim_id", "message", "detail"]
RULE_ROW_SCHEMA = {c: pl.String for c in RULE_ROW_COLUMNS}


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


# ---------------------------------------------------------------- dq.runs
def close_interrupted_runs(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """One writer at a time (flows.runlock): a run other than this one still marked running was killed."""
    con.execute("UPDATE dq.runs SET outcome = 'interrupted', message = 'the process ended before the run finished' "
                "WHERE outcome = 'running' AND run_id <> ?", [run_id])


def record_run(con: duckdb.DuckDBPyConnection, run_id: str, started_at: datetime, as_of: date, input_dir: str,
               input_fingerprint: str, n_files: int, n_articles: int, n_quarantined: int) -> None:
    """A run that has taken its input: 'running' until it publishes or fails (a retried ingest updates its counts)."""
    con.execute(
        "INSERT INTO dq.runs (run_id, started_at, as_of, input_dir, input_fingerprint, n_files, n_articles, n_quarantined, outcome) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running') ON CONFLICT (run_id) DO UPDATE SET input_fingerprint = excluded.input_fingerprint, "
        "n_files = excluded.n_files, n_articles = excluded.n_articles, n_quarantined = excluded.n_quarantined",
        [run_id, started_at, as_of, input_dir, input_fingerprint, n_files, n_articles, n_quarantined],
    )


def record_stage(con: duckdb.DuckDBPyConnection, run_id: str, n_extracted: int, n_kept: int, version: str, note: str) -> None:
    """What the run's stage extracted, kept, with which extractor version, and why."""
    con.execute("UPDATE dq.runs SET n_extracted = ?, n_staged_kept = ?, extractor_version = ?, stage_note = ? WHERE run_id = ?",
                [n_extracted, n_kept, version, note, run_id])


def record_published(con: duckdb.DuckDBPyConnection, run_id: str, n_claims: int, n_published_claims: int, message: str) -> None:
    con.execute(
        "UPDATE dq.runs SET finished_at = ?, n_claims = ?, n_flags = (SELECT count(*) FROM dq.flags WHERE run_id = ?), "
        "n_published_claims = ?, outcome = 'published', message = ? WHERE run_id = ?",
        [utcnow(), n_claims, run_id, n_published_claims, message, run_id],
    )


def record_failure(con: duckdb.DuckDBPyConnection, run_id: str, as_of: date, input_dir: str, message: str) -> None:
    now = utcnow()
    con.execute(
        "INSERT INTO dq.runs (run_id, started_at, finished_at, as_of, input_dir, outcome, message) VALUES (?, ?, ?, ?, ?, 'failed', ?) "
        "ON CONFLICT (run_id) DO UPDATE SET finished_at = excluded.finished_at, outcome = 'failed', message = excluded.message",
        [run_id, now, now, as_of, input_dir, message[:2000]],
    )


def mark_interrupted(con: duckdb.DuckDBPyConnection, run_id: str, message: str, as_of: str | None = None,
                     input_dir: str | None = None) -> str:
    """Record that a run ended before it finished, unless it had already published; returns its outcome."""
    now = utcnow()
    row = con.execute("SELECT outcome FROM dq.runs WHERE run_id = ?", [run_id]).fetchone()
    if row is None:
        con.execute("INSERT INTO dq.runs (run_id, started_at, finished_at, as_of, input_dir, outcome, message) "
                    "VALUES (?, ?, ?, ?, ?, 'interrupted', ?)", [run_id, now, now, as_of, input_dir, message])
        return "interrupted"
    if row[0] == "running":
        con.execute("UPDATE dq.runs SET outcome = 'interrupted', finished_at = ?, message = ? WHERE run_id = ?",
                    [now, message, run_id])
        return "interrupted"
    return row[0]


def last_input_dir(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The input folder of the latest run that recorded one."""
    row = con.execute("SELECT input_dir FROM dq.runs WHERE input_dir IS NOT NULL ORDER BY started_at DESC LIMIT 1").fetchone()
    return Path(row[0]) if row else None


# ---------------------------------------------------------------- rules, flags, expectation results
def run_rule(con: duckdb.DuckDBPyConnection, sql: str, settings: dict[str, object]) -> duckdb.DuckDBPyConnection:
    """Run one rule's SQL with the settings it reads (of `settings`) as DuckDB variables; fetch from the result."""
    wanted = variables_of(sql)
    return run_sql(con, sql, {k: v for k, v in settings.items() if k in wanted})


def rule_rows(con: duckdb.DuckDBPyConnection, rules: Iterable[tuple[str, str]], variables: dict[str, object]) -> pl.DataFrame:
    """The offending rows of set-level rules, given as (flag, SQL text), in one frame with a `rule` column
    (RULE_ROW_SCHEMA). Each rule's SQL gets the variables it reads out of `variables` (the settings).
    Columnar (Polars, not pandas): at 100,000 articles the rules return about half a million rows."""
    frames = [run_rule(con, sql, variables).pl().select(pl.lit(flag).alias("rule"), *RULE_ROW_COLUMNS[1:])
              .cast(RULE_ROW_SCHEMA) for flag, sql in rules]
    return pl.concat(frames) if frames else pl.DataFrame(schema=RULE_ROW_SCHEMA)


def _flag_rows(run_id: str, flags: pl.DataFrame) -> pl.DataFrame:
    return flags.select(pl.lit(run_id).alias("run_id"), *(c for c in FLAG_SCHEMA if c != "run_id")).cast(FLAG_SCHEMA)


def replace_run_results(con: duckdb.DuckDBPyConnection, run_id: str, flags: pl.DataFrame, results: list[dict],
                        rules: list[dict]) -> None:
    """This run's dq.flags (a frame of FLAG_SCHEMA's columns but run_id) and dq.expectation_results (replacing a
    retried attempt's), and dq.rules."""
    flag_df = _flag_rows(run_id, flags)
    res_df = pl.DataFrame([{"run_id": run_id, **r} for r in results], schema=RESULT_SCHEMA)
    con.execute("DELETE FROM dq.flags WHERE run_id = ?", [run_id])
    con.execute("DELETE FROM dq.expectation_results WHERE run_id = ?", [run_id])
    if flag_df.height:
        append_rows(con, "dq.flags", flag_df)
    if res_df.height:
        append_rows(con, "dq.expectation_results", res_df)
    replace_rows(con, "dq.rules", pl.DataFrame(rules))


def open_flags(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The open flags of the latest published run (dq.latest_flags WHERE open) with their claims' columns."""
    cur = run_file(con, "dq_open_flags.sql")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def n_open_flags(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> int:
    """How many flags are open (warnings and errors no editor decided on) in the latest published run, or in run_id."""
    if run_id is None:
        return con.execute("SELECT count(*) FROM dq.latest_flags WHERE open").fetchone()[0]
    return con.execute("SELECT count(*) FROM dq.run_flags WHERE open AND run_id = ?", [run_id]).fetchone()[0]


def latest_run_id(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT run_id FROM dq.latest_run").fetchone()
    return row[0] if row else None


def count_flags(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    return con.execute("SELECT count(*) FROM dq.flags WHERE run_id = ?", [run_id]).fetchone()[0]


def record_reevaluated(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """The run's flag count after `skytally review` re-ran its set-level rules."""
    con.execute("UPDATE dq.runs SET n_flags = (SELECT count(*) FROM dq.flags WHERE run_id = ?) WHERE run_id = ?",
                [run_id, run_id])


def replace_rule_flags(con: duckdb.DuckDBPyConnection, run_id: str, rule_flags: list[str], flags: pl.DataFrame,
                       results: list[dict]) -> None:
    """Replace the run's flags and expectation results of the given set-level rules (a re-evaluation)."""
    con.execute("DELETE FROM dq.flags WHERE run_id = ? AND list_contains(?, flag)", [run_id, rule_flags])
    if flags.height:
        append_rows(con, "dq.flags", _flag_rows(run_id, flags))
    for r in results:
        con.execute("UPDATE dq.expectation_results SET success = ?, observed = ? WHERE run_id = ? AND suite = ? AND rule = ?",
                    [r["success"], r["observed"], run_id, r["suite"], r["rule"]])


# ---------------------------------------------------------------- results carried over
def checks_input(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Digests of what checks and marts are made from (sql/dq_checks_input.sql): articles, quarantine, staged, decisions."""
    cur = run_file(con, "dq_checks_input.sql")
    return dict(zip([d[0] for d in cur.description], cur.fetchone()))


def latest_checks_input(con: duckdb.DuckDBPyConnection) -> tuple[str, str | None] | None:
    """(run_id, checks_input) of the latest published run, or None."""
    return con.execute("SELECT run_id, checks_input FROM dq.latest_run").fetchone()


def record_checks_input(con: duckdb.DuckDBPyConnection, run_id: str, key: str) -> None:
    con.execute("UPDATE dq.runs SET checks_input = ? WHERE run_id = ?", [key, run_id])


def carry_over(con: duckdb.DuckDBPyConnection, run_id: str, from_run: str) -> None:
    """This run's flags, expectation results and applied decisions are from_run's (sql/dq_carry_over.sql)."""
    run_file(con, "dq_carry_over.sql", run_id=run_id, from_run=from_run)


def run_results(con: duckdb.DuckDBPyConnection, run_id: str) -> tuple[dict[str, int], int]:
    """A run's flag counts by flag, and how many of its expectations failed."""
    by_flag = dict(con.execute("SELECT flag, count(*) FROM dq.flags WHERE run_id = ? GROUP BY flag ORDER BY flag",
                               [run_id]).fetchall())
    failed = con.execute("SELECT count(*) FROM dq.expectation_results WHERE run_id = ? AND NOT success",
                         [run_id]).fetchone()[0]
    return by_flag, failed


# ---------------------------------------------------------------- editors' decisions
def apply_decisions(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """This run's dq.applied_decisions, from the decisions in force (sql/dq_apply_decisions.sql)."""
    run_file(con, "dq_apply_decisions.sql", run_id=run_id)


def target_exists(con: duckdb.DuckDBPyConnection, kind: str, target: str) -> bool:
    sql = {
        "claim": "SELECT 1 FROM staging.stg_claims WHERE claim_id = $t",
        "statement": "SELECT 1 FROM staging.stg_claims WHERE report_id = $t OR report_key = $t",
        "article": "SELECT 1 FROM raw.articles WHERE source_file = $t UNION ALL SELECT 1 FROM raw.quarantine WHERE source_file = $t",
    }[kind]
    return con.execute(sql + " LIMIT 1", {"t": target}).fetchone() is not None


def append_decision(con: duckdb.DuckDBPyConnection, decided_at: datetime, editor: str, action: str,
                    target_kind: str | None, target: str | None, undoes: int | None, reason: str, origin: str) -> dict:
    """Append one row to dq.decisions (the next decision_id); returns it."""
    row = con.execute(
        "INSERT INTO dq.decisions SELECT coalesce(max(decision_id), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ? FROM dq.decisions "
        "RETURNING *", [decided_at, editor, action, target_kind, target, undoes, reason, origin]).fetchone()
    cols = ["decision_id", "decided_at", "editor", "action", "target_kind", "target", "undoes", "reason", "origin"]
    return dict(zip(cols, row))


def decision_undoable(con: duckdb.DuckDBPyConnection, decision_id: int) -> bool:
    return con.execute(
        "SELECT 1 FROM dq.decisions AS d WHERE d.decision_id = ? AND d.action IN ('accept', 'reject') "
        "AND NOT EXISTS (SELECT 1 FROM dq.decisions AS u WHERE u.action = 'undo' AND u.undoes = d.decision_id)",
        [decision_id]).fetchone() is not None


def decision_held(con: duckdb.DuckDBPyConnection, decided_at: datetime | None, editor: str, action: str,
                  target_kind: str | None, target: str | None, undoes: int | None, reason: str) -> bool:
    """Is this decision already recorded (same editor, action, target, reason and, when given, time)?"""
    return con.execute(
        "SELECT 1 FROM dq.decisions WHERE editor = ? AND action = ? AND target_kind IS NOT DISTINCT FROM ? "
        "AND target IS NOT DISTINCT FROM ? AND undoes IS NOT DISTINCT FROM ? AND reason = ? "
        "AND (?::TIMESTAMP IS NULL OR decided_at = ?::TIMESTAMP) LIMIT 1",
        [editor, action, target_kind, target, undoes, reason, decided_at, decided_at]).fetchone() is not None


def decisions(con: duckdb.DuckDBPyConnection) -> list[dict]:
    cur = con.execute("SELECT * FROM dq.decisions ORDER BY decision_id")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]

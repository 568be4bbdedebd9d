"""The `skytally` command."""
from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3

# The temporary Prefect API server that a plain run starts: switch off the services a one-shot run
# never uses (scheduling, telemetry, UI). With them on, its start-up and shutdown print tracebacks
# ("database is locked", "Error flushing events") although the run is fine. Users may override any.
QUIET_EPHEMERAL_SERVER = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_FOREMAN_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_CLEANUP_RECONCILER_ENABLED": "false",
    "PREFECT_CLIENT_SERVER_VERSION_CHECK_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    # a fresh machine migrates the server database on first start: allow for it
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


def quiet_prefect_environment() -> None:
    if not os.environ.get("PREFECT_API_URL"):
        for k, v in QUIET_EPHEMERAL_SERVER.items():
            os.environ.setdefault(k, v)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def _date(s: str) -> date:
    try:
        return date.fromisoformat(s)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s}") from e


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="skytally",
        description="Claims of drones shot down over Russian regions, extracted from news articles into a "
        "quality-checked DuckDB warehouse, with an editors' report.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    r = sub.add_parser("run", help="run the nightly flow: ingest, stage, validate, publish, report",
                       description="Run the whole nightly flow over a folder of articles into a DuckDB file. "
                       "Exits 0 when the run completed, whatever problems it flagged in articles or claims.")
    r.add_argument("--input", required=True, type=Path, metavar="DIR",
                   help="folder of *.txt articles, searched recursively (optional manifest.csv at its root)")
    r.add_argument("--db", required=True, type=Path, metavar="FILE",
                   help="the DuckDB warehouse to write; the report goes to report/index.html beside it")
    r.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="the date the run is for (default: today); anchors dates written without a year "
                   "when an article has no published date")

    s = sub.add_parser("sql", help="run one SQL query against the warehouse (read-only) and print the result",
                       description="Open the warehouse read-only and print the result of one query.")
    s.add_argument("query", help="the SQL to run, e.g. \"SELECT * FROM marts.daily_totals\"")
    s.add_argument("--db", type=Path, default=Path("work/skytally.duckdb"), metavar="FILE",
                   help="the DuckDB warehouse (default: work/skytally.duckdb)")
    s.add_argument("--max-rows", type=int, default=100, help="rows to print at most (default 100)")

    g = sub.add_parser("generate", help="write N realistic labelled articles (for tests and benchmarks)",
                       description="Write N realistic articles in varied styles, deterministic for a given seed, "
                       "with their labels (gold.jsonl, the format of the seed labels) and a manifest.csv.")
    g.add_argument("--docs", type=int, required=True, metavar="N", help="how many articles")
    g.add_argument("--seed", type=int, required=True, metavar="S", help="the same seed writes the same files")
    g.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write into (created)")

    v = sub.add_parser("review", help="list open flags, or record an editor's decision on a flagged claim",
                       description="Without --accept/--reject: list flagged claims that no editor has decided on. "
                       "With them: append the decision to the decisions file (CSV, kept under version control); "
                       "every later run applies it and records it in dq.applied_decisions.")
    v.add_argument("--db", type=Path, default=Path("work/skytally.duckdb"), metavar="FILE",
                   help="the DuckDB warehouse (default: work/skytally.duckdb)")
    v.add_argument("--decisions", type=Path, default=None, metavar="CSV",
                   help="the decisions file (default: SKYTALLY_DECISIONS_FILE, else decisions.csv in the last run's input folder)")
    action = v.add_mutually_exclusive_group()
    action.add_argument("--accept", metavar="CLAIM_ID", help="publish this flagged claim as ok")
    action.add_argument("--reject", metavar="CLAIM_ID", help="hold this claim back from the daily tables")
    v.add_argument("--editor", help="your name (required with --accept/--reject)")
    v.add_argument("--reason", help="why (required with --accept/--reject)")

    e = sub.add_parser("export", help="write the published tables as CSV and Parquet files",
                       description="Write marts.claims, marts.daily_region and marts.daily_totals as CSV and "
                       "Parquet files, for people who do not use SQL. The warehouse is opened read-only.")
    e.add_argument("--db", type=Path, default=Path("work/skytally.duckdb"), metavar="FILE",
                   help="the DuckDB warehouse (default: work/skytally.duckdb)")
    e.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the files into")
    e.add_argument("--format", choices=["csv", "parquet", "both"], default="both", help="file format (default: both)")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "run":
        return cmd_run(args)
    if args.command == "sql":
        return cmd_sql(args)
    if args.command == "export":
        return cmd_export(args)
    if args.command == "review":
        return cmd_review(args)
    if args.command == "generate":
        from flows.generate import generate

        if args.docs < 0:
            print("skytally: --docs must be 0 or more", file=sys.stderr)
            return EXIT_USAGE
        t0 = time.monotonic()
        counts = generate(args.docs, args.seed, args.out)
        print(f"wrote {args.docs} articles to {args.out} in {time.monotonic() - t0:.1f}s: {counts}")
        return EXIT_OK
    parser.print_help()
    return EXIT_USAGE


def cmd_run(args) -> int:
    if not args.input.is_dir():
        print(f"skytally: input folder not found: {args.input}", file=sys.stderr)
        return EXIT_USAGE
    quiet_prefect_environment()
    from flows.runlock import RunLock, RunLocked

    t0 = time.monotonic()
    try:
        with RunLock(args.db):
            from flows.nightly import nightly

            result = nightly(
                input_dir=str(args.input), db_path=str(args.db),
                as_of=args.as_of.isoformat() if args.as_of else None,
            )
    except RunLocked as e:
        print(f"skytally: {e}", file=sys.stderr)
        return EXIT_BUSY
    except Exception as e:  # the flow already recorded the failure in dq.runs
        print(f"skytally: run failed: {type(e).__name__}: {e}", file=sys.stderr)
        return EXIT_FAILED
    print(summary_text(result, time.monotonic() - t0))
    return EXIT_OK


def summary_text(result: dict, seconds: float) -> str:
    ing, stg, val, pub = result["ingest"], result["stage"], result["validate"], result["publish"]
    db = Path(result["db_path"])
    lines = [
        "",
        f"skytally run {result['run_id']} finished in {seconds:.1f}s",
        f"  files found       {ing['n_files']}",
        f"  articles read     {ing['n_articles']}",
        f"  quarantined       {ing['n_quarantined']}" + ("   (see raw.quarantine and the report)" if ing["n_quarantined"] else ""),
        f"  claims extracted  {stg['n_claims']}",
        f"  flags raised      {val['n_flags']}",
    ]
    for flag, n in sorted(val["by_flag"].items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"    {flag:<28}{n}")
    lines += [
        f"  published claims  {pub['n_published_claims']} (held back: {pub['n_failed_claims']})",
        f"  daily_region rows {pub['n_daily_region']}",
        f"  daily_totals rows {pub['n_daily_totals']}",
        f"  warehouse         {db}",
        f"  report            {result['report']}",
        "",
        "Query it:",
        f"  .venv/bin/duckdb -readonly {db} \"SELECT * FROM marts.daily_totals\"",
        f"  .venv/bin/skytally sql --db {db} \"SELECT * FROM marts.daily_region LIMIT 20\"",
    ]
    return "\n".join(lines)


def cmd_sql(args) -> int:
    from warehouse import io as wh

    if not args.db.exists():
        print(f"skytally: no warehouse at {args.db}; run `skytally run` first", file=sys.stderr)
        return EXIT_USAGE
    try:
        con = wh.connect(args.db, read_only=True)
    except wh.WarehouseBusy as e:
        print(f"skytally: {e}", file=sys.stderr)
        return EXIT_BUSY
    try:
        rel = con.sql(args.query)
        if rel is None:
            print("(no result)")
            return EXIT_OK
        rel.show(max_rows=args.max_rows, max_width=200)
    except Exception as e:
        print(f"skytally: query failed: {e}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        con.close()
    return EXIT_OK


def cmd_review(args) -> int:
    from flows import review
    from warehouse import io as wh

    if not args.db.exists():
        print(f"skytally: no warehouse at {args.db}; run `skytally run` first", file=sys.stderr)
        return EXIT_USAGE
    try:
        con = wh.connect(args.db, read_only=True)
    except wh.WarehouseBusy as e:
        print(f"skytally: {e}", file=sys.stderr)
        return EXIT_BUSY
    try:
        path = args.decisions or review.default_decisions_path(con)
        if path is None:
            print("skytally: no decisions file given and no run recorded; use --decisions FILE", file=sys.stderr)
            return EXIT_USAGE
        claim_id = args.accept or args.reject
        if claim_id is None:
            print(review.open_flags_text(con, path))
            return EXIT_OK
        if not args.editor or not args.reason:
            print("skytally: --editor and --reason are required to record a decision", file=sys.stderr)
            return EXIT_USAGE
        try:
            row = review.record(con, path, claim_id, "accept" if args.accept else "reject", args.editor, args.reason)
        except review.UnknownClaim as e:
            print(f"skytally: {e}", file=sys.stderr)
            return EXIT_USAGE
    finally:
        con.close()
    print(f"recorded in {path}: {row['decision']} {row['claim_id']} by {row['editor']} ({row['decided_at']}); "
          "it takes effect at the next run")
    return EXIT_OK


def cmd_export(args) -> int:
    from warehouse import io as wh

    if not args.db.exists():
        print(f"skytally: no warehouse at {args.db}; run `skytally run` first", file=sys.stderr)
        return EXIT_USAGE
    try:
        con = wh.connect(args.db, read_only=True)
    except wh.WarehouseBusy as e:
        print(f"skytally: {e}", file=sys.stderr)
        return EXIT_BUSY
    try:
        written = wh.export_marts(con, args.out, args.format)
    finally:
        con.close()
    for path in written:
        print(path)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

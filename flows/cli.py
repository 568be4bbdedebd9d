"""The `skytally` command."""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from datetime import date, timedelta
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


def _seconds(s: str) -> float:
    try:
        v = float(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {s}") from None
    if not math.isfinite(v) or v < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds: {s}")
    return v


def _positive_int(s: str) -> int:
    try:
        v = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {s}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {s}")
    return v


def _count(s: str) -> int:
    try:
        v = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {s}") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {s}")
    return v


DEFAULT_DB = Path("work/skytally.duckdb")


def _db_option(p: argparse.ArgumentParser, what: str) -> None:
    """--db, the same for every command: SKYTALLY_DB_PATH, else work/skytally.duckdb."""
    from flows.settings import from_environment

    env = from_environment("db_path")
    p.add_argument("--db", type=Path, default=Path(env) if env else DEFAULT_DB, metavar="FILE",
                   help=f"{what} (default: SKYTALLY_DB_PATH, else {DEFAULT_DB})")


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
    _db_option(r, "the DuckDB warehouse to write; the report goes beside it, in FILE's name with .report (skytally.report/index.html)")
    r.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="the date the run is for (default: today in Moscow); anchors dates written without a year "
                   "when an article has no published date")
    _landing_options(r, default_min_age=0)

    s = sub.add_parser("sql", help="run one SQL query against the warehouse (read-only) and print the result",
                       description="Open the warehouse read-only and print the result of one query.")
    s.add_argument("query", help="the SQL to run, e.g. \"SELECT * FROM marts.daily_totals\"")
    _db_option(s, "the DuckDB warehouse")
    s.add_argument("--max-rows", type=_positive_int, default=100, help="rows to print at most (default 100)")
    s.add_argument("--wait", type=_seconds, default=DEFAULT_SQL_WAIT, metavar="SECONDS",
                   help="while a run is writing the warehouse, wait this long for it to finish the write "
                   f"(default: {DEFAULT_SQL_WAIT:g}; 0 fails at once with exit 3)")

    g = sub.add_parser("generate", help="write N realistic labelled articles (for tests and benchmarks)",
                       description="Write N realistic articles in varied styles, deterministic for a given seed, "
                       "with their labels (gold.jsonl, the format of the seed labels) and a manifest.csv.")
    g.add_argument("--docs", type=_count, required=True, metavar="N", help="how many articles")
    g.add_argument("--seed", type=int, required=True, metavar="S", help="the same seed writes the same files")
    g.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write into (created)")

    v = sub.add_parser("review", help="list open flags, or accept/reject a claim, a statement or an article",
                       description="Without an action: list the open flags of the latest run (warnings and errors no "
                       "editor has decided on), grouped by statement: the count the report and the run's summary give. "
                       "--accept/--reject record a decision in the warehouse (dq.decisions, append-only) and apply it "
                       "at once: the checks that compare claims are re-run without rejected claims, the tables are "
                       "republished and the report rewritten. --undo takes a decision back (as a new row).")
    _db_option(v, "the DuckDB warehouse")
    action = v.add_mutually_exclusive_group()
    action.add_argument("--accept", metavar="ID", help="publish as ok: a claim_id (or a statement/article with the options below)")
    action.add_argument("--reject", metavar="ID", help="hold back from the daily tables: a claim_id (or a statement/article)")
    action.add_argument("--undo", metavar="DECISION", type=int, help="take back decision number DECISION (see --list)")
    action.add_argument("--list", action="store_true", help="list every decision recorded, the latest first")
    action.add_argument("--import", dest="import_csv", type=Path, metavar="CSV",
                        help="append the decisions of a CSV file (an --export, or the earlier decisions.csv) not held yet")
    action.add_argument("--export", dest="export_csv", type=Path, metavar="CSV", help="write every decision to a CSV file")
    kind = v.add_mutually_exclusive_group()
    kind.add_argument("--statement", action="store_true",
                      help="ID is a statement: its report_id as the report shows it ('file.txt#0') or its report_key "
                      "(every article relaying it); the decision covers each of its claims")
    kind.add_argument("--article", action="store_true", help="ID is an article (its file name): every claim and flag of it")
    v.add_argument("--editor", help="your name (required to decide)")
    v.add_argument("--reason", help="why (required to decide)")

    sv = sub.add_parser("serve", help="serve the nightly flow as a Prefect deployment with a cron schedule in Moscow time",
                        description="Register the nightly flow as a deployment on the Prefect server at PREFECT_API_URL, "
                        "scheduled by a cron expression in Moscow time, and run its flow runs (scheduled or started from "
                        "Prefect) until stopped. Start the server first: prefect server start --host 127.0.0.1")
    sv.add_argument("--input", required=True, type=Path, metavar="DIR", help="the landing folder the runs take articles from")
    _db_option(sv, "the DuckDB warehouse the runs write")
    sv.add_argument("--cron", default=DEFAULT_CRON, metavar="EXPR",
                    help=f"when to run, in Moscow time (default: \"{DEFAULT_CRON}\", every day at 23:45 MSK)")
    sv.add_argument("--name", default="nightly", help="the deployment's name (default: nightly; runs are nightly/NAME)")
    _landing_options(sv, default_min_age=120)

    b = sub.add_parser("backfill", help="re-run the nightly flow for a range of past days, one flow run per day",
                       description="Run the nightly flow once for each day from --from to --to, in order, each as its own "
                       "flow run for that night: it takes the files in DIR modified before the day ended (Moscow time) "
                       "that the warehouse does not hold yet, reads them as of that day, and republishes. Days already "
                       "processed take nothing new and publish the same tables: re-running a backfill is safe.")
    b.add_argument("--input", required=True, type=Path, metavar="DIR", help="the landing folder")
    _db_option(b, "the DuckDB warehouse")
    b.add_argument("--from", dest="first", required=True, type=_date, metavar="YYYY-MM-DD", help="the first night")
    b.add_argument("--to", dest="last", required=True, type=_date, metavar="YYYY-MM-DD", help="the last night (inclusive)")
    _landing_options(b, default_min_age=0)

    e = sub.add_parser("export", help="write the published tables as CSV and Parquet files",
                       description="Write marts.claims, marts.daily_region and marts.daily_totals as CSV and "
                       "Parquet files, for people who do not use SQL. The warehouse is opened read-only.")
    _db_option(e, "the DuckDB warehouse")
    e.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the files into")
    e.add_argument("--format", choices=["csv", "parquet", "both"], default="both", help="file format (default: both)")
    return p


DEFAULT_CRON = "45 23 * * *"
MAX_BACKFILL_DAYS = 3660
DEFAULT_SQL_WAIT = 60.0


def _landing_options(p: argparse.ArgumentParser, default_min_age: float) -> None:
    p.add_argument("--min-age", type=_seconds, default=default_min_age, metavar="SECONDS",
                   help="leave files modified less than this many seconds ago for the next run: they may still be "
                   f"being written (default: {default_min_age:g}; writers that rename NAME.txt.part to NAME.txt when done "
                   "need none)")
    from flows.settings import from_environment

    p.add_argument("--dask", metavar="ADDRESS", default=from_environment("dask"),
                   help="run the extraction batches on Dask: 'local' for worker processes on this machine, or a "
                   "scheduler address such as tcp://10.0.0.5:8786 (default: SKYTALLY_DASK, else threads in this process)")


def main(argv: list[str] | None = None) -> int:  # noqa: C901 - one branch per subcommand, flat
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if not os.environ.get(SUPERVISED_ENV):       # the flow process of a run was checked by its supervisor
        errors, warnings = check_options(args)
        for w in warnings:
            print(f"skytally: warning: {w}", file=sys.stderr)
        if errors:
            for e in errors:
                print(f"skytally: {e}", file=sys.stderr)
            return EXIT_USAGE
    if args.command == "run":
        return cmd_run(args, argv)
    if args.command == "sql":
        return cmd_sql(args)
    if args.command == "export":
        return cmd_export(args)
    if args.command == "review":
        return cmd_review(args)
    if args.command == "serve":
        return cmd_serve(args)
    if args.command == "backfill":
        return cmd_backfill(args, argv)
    if args.command == "generate":
        from synth import generate

        t0 = time.monotonic()
        counts = generate(args.docs, args.seed, args.out)
        print(f"wrote {args.docs} articles to {args.out} in {time.monotonic() - t0:.1f}s: {counts}")
        return EXIT_OK
    parser.print_help()
    return EXIT_USAGE


SUPERVISED_ENV = "_SKYTALLY_SUPERVISED"   # same as flows.supervisor.SUPERVISED_ENV (not imported: it is not needed for sql)
STARTED_ENV = "_SKYTALLY_STARTED"
WRITES = ("run", "serve", "backfill")


def check_options(args) -> tuple[list[str], list[str]]:  # noqa: C901 - one check per option, each naming the option as written: flat, in the order of --help
    """Every option and SKYTALLY_* variable, before anything starts: (errors, warnings), each naming the
    option or variable as the operator wrote it."""
    errors: list[str] = []
    warnings: list[str] = []
    if args.command in WRITES or args.command == "review":
        from flows.settings import check_environment

        errors, warnings = check_environment()
    if args.command in WRITES:
        if not args.input.exists():
            errors.append(f"--input: input folder not found: {args.input}")
        elif not args.input.is_dir():
            errors.append(f"--input: {args.input} is a file, not a folder; give the folder that holds the *.txt articles")
    db = getattr(args, "db", None)
    if db is not None:
        problem = _db_problem(db, must_exist=False)
        if problem:
            errors.append(f"--db: {problem}")
    if args.command in WRITES and args.dask:
        from flows.settings import DASK_ADDRESS

        if args.dask != "local" and not DASK_ADDRESS.match(args.dask):
            errors.append(f"--dask: {args.dask!r} is neither 'local' nor a scheduler address such as tcp://10.0.0.5:8786")
        elif args.dask != "local" and args.command != "serve":
            problem = _unreachable(args.dask)
            if problem:
                errors.append(f"--dask: no Dask scheduler answers at {args.dask} ({problem})")
    if args.command == "serve":
        if not args.name.strip():
            errors.append("--name: the deployment needs a name")
        problem = _cron_problem(args.cron)
        if problem:
            errors.append(f"--cron: {problem}")
    if args.command == "backfill":
        n_days = (args.last - args.first).days + 1
        if n_days < 1 or n_days > MAX_BACKFILL_DAYS:
            errors.append(f"--from must be on or before --to, at most {MAX_BACKFILL_DAYS} days apart")
    return errors, warnings


def _db_problem(db: Path, must_exist: bool) -> str | None:
    if db.is_dir():
        return f"{db} is a folder, not a DuckDB file (e.g. {db / 'skytally.duckdb'})"
    if db.exists():
        from warehouse.io import is_duckdb_file

        try:
            if not is_duckdb_file(db):
                return f"{db} is not a DuckDB file"
        except OSError as e:
            return f"cannot read {db}: {e.strerror or e}"
        return None
    if must_exist:
        return None
    parent = db.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return f"cannot create {db}: {parent} is not a folder"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot create {db}: {parent} is not writable"
    return None


def _unreachable(address: str) -> str | None:
    import socket

    hostport = address.split("://", 1)[-1]
    host, _, port = hostport.rpartition(":")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=3).close()
    except (OSError, ValueError) as e:
        return getattr(e, "strerror", None) or str(e) or type(e).__name__
    return None


def _cron_problem(expr: str) -> str | None:
    from prefect._internal.schemas.validators import validate_cron_string

    try:
        validate_cron_string(expr)
    except ValueError as e:
        return str(e)
    return None


def _nightly_flow(args):
    """The nightly flow, on Dask when --dask says so."""
    from flows.nightly import nightly, task_runner

    return nightly.with_options(task_runner=task_runner(args.dask)) if args.dask else nightly


def _supervise(args, argv: list[str]) -> int:
    """Run this same command in a flow process under a supervisor (flows.supervisor): a clean Ctrl-C, and
    no temporary Prefect server outlives the run."""
    quiet_prefect_environment()
    os.environ[STARTED_ENV] = str(time.time())
    from flows.supervisor import supervise

    try:
        return supervise(argv, args.db, args.input)
    finally:
        os.environ.pop(STARTED_ENV, None)


def _flow_here(args):
    """In the flow process: adopt the supervisor's run lock, import the flow, wait for the API server
    (it starts while this process imports)."""
    from flows.runlock import adopt_inherited
    from flows.supervisor import wait_for_api

    adopt_inherited()
    flow = _nightly_flow(args)
    if os.environ.get(SUPERVISED_ENV) == "temporary":
        # every run validates with Great Expectations: its 5-6 s import is paid here, while the server starts
        import great_expectations  # noqa: F401
        wait_for_api(os.environ["PREFECT_API_URL"], float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")))
    return flow


def _elapsed(t0: float) -> float:
    started = os.environ.get(STARTED_ENV)
    return time.time() - float(started) if started else time.monotonic() - t0


def cmd_run(args, argv: list[str]) -> int:
    if not os.environ.get(SUPERVISED_ENV):
        return _supervise(args, argv)
    t0 = time.monotonic()
    try:
        result = _flow_here(args)(
            input_dir=str(args.input), db_path=str(args.db),
            as_of=args.as_of.isoformat() if args.as_of else None, min_file_age=args.min_age,
        )
    except Exception as e:  # the flow already recorded the failure in dq.runs
        print(f"skytally: run failed: {type(e).__name__}: {e}", file=sys.stderr)
        return EXIT_FAILED
    print(summary_text(result, _elapsed(t0)), flush=True)
    if os.environ.get(SUPERVISED_ENV) == "temporary":
        # the run is recorded and the flow run's state is with the API server, which stops now: skip the
        # interpreter's teardown of Prefect, GX and pandas (about 1 s of module finalisation, measured)
        sys.stderr.flush()
        os._exit(EXIT_OK)
    return EXIT_OK


def cmd_serve(args) -> int:
    if not os.environ.get("PREFECT_API_URL"):
        print("skytally: serve needs a Prefect server. Start one (on this machine only):\n"
              "    PREFECT_SERVER_ANALYTICS_ENABLED=false .venv/bin/prefect server start --host 127.0.0.1 --port 4200\n"
              "then point skytally at it and serve:\n"
              "    export PREFECT_API_URL=http://127.0.0.1:4200/api", file=sys.stderr)
        return EXIT_USAGE
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    try:
        schedule = Cron(args.cron, timezone="Europe/Moscow")
    except ValueError as e:
        print(f"skytally: --cron: {e}", file=sys.stderr)
        return EXIT_USAGE
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    if args.dask:   # flow runs are child processes that import flows.nightly: its task runner follows this
        from flows.settings import env_name

        os.environ[env_name("dask")] = args.dask
    from flows.nightly import nightly

    _stop_on_sigterm_as_on_ctrl_c()
    nightly.serve(
        name=args.name, schedules=[schedule], entrypoint_type=EntrypointType.MODULE_PATH,
        parameters={"input_dir": str(args.input.resolve()), "db_path": str(args.db.resolve()), "min_file_age": args.min_age},
        description=f"skytally nightly run: {args.input.resolve()} -> {args.db.resolve()}, cron '{args.cron}' Moscow time",
    )
    return EXIT_OK


def _stop_on_sigterm_as_on_ctrl_c() -> None:
    """Prefect's runner stops on SIGTERM by calling a coroutine it never awaits (`RuntimeWarning: coroutine
    'Runner.astop' was never awaited`). Make SIGTERM take the path of Ctrl-C instead: the same clean shutdown
    (schedules paused), no warning."""
    import signal

    from prefect.runner import Runner

    def handle_sigterm(self, signum=None, frame=None):
        self._logger.info("SIGTERM received, shutting down")
        handler = signal.getsignal(signal.SIGINT)
        if callable(handler):          # asyncio's Ctrl-C handler while serving: cancels the main task
            handler(signal.SIGINT, frame)
        else:                          # SIGINT ignored (started in the background by a shell)
            raise KeyboardInterrupt

    Runner.handle_sigterm = handle_sigterm


def cmd_backfill(args, argv: list[str]) -> int:
    if not os.environ.get(SUPERVISED_ENV):
        return _supervise(args, argv)
    n_days = (args.last - args.first).days + 1
    day = args.first
    try:
        flow = _flow_here(args)
        for day in (args.first + timedelta(days=i) for i in range(n_days)):
            t0 = time.monotonic()
            res = flow.with_options(flow_run_name=f"backfill-{day}")(
                input_dir=str(args.input), db_path=str(args.db), as_of=day.isoformat(), landed_by=day.isoformat(),
                min_file_age=args.min_age,
            )
            ing, pub = res["ingest"], res["publish"]
            print(f"{day}  taken {ing['n_taken']:>5}  unchanged {ing['n_unchanged']:>6}  copies {ing['n_aliases']:>4}  "
                  f"articles held {ing['n_held']:>6}  published claims {pub['n_published_claims']:>6}  "
                  f"({time.monotonic() - t0:.1f}s, {res['run_id']})", flush=True)
    except Exception as e:
        print(f"skytally: backfill stopped at {day}: {type(e).__name__}: {e}\n"
              f"the nights before {day} are done; running the same command again is safe", file=sys.stderr)
        return EXIT_FAILED
    print(f"backfill of {n_days} nights done: {args.db}")
    return EXIT_OK


def editors_lines(result: dict) -> list[str]:
    """The report's own counts (summary.json beside its index.html): open flags and claims left out of the daily
    tables by reason, so the summary says what the report says."""
    try:
        counts = json.loads((Path(result["report"]).parent / "summary.json").read_text(encoding="utf-8"))
    except (KeyError, TypeError, OSError, ValueError):
        return []
    left = counts.get("left_out") or {}
    out = [(f"  open flags        {counts['open_flags']} (warnings and errors no editor decided on; "
            f"skytally review lists them)")]
    out.append(f"  left out of daily {sum(left.values())}" + (
        " (" + ", ".join(f"{reason}: {n}" for reason, n in left.items()) + ")" if left else ""))
    return out


def summary_text(result: dict, seconds: float) -> str:
    ing, stg, val, pub = result["ingest"], result["stage"], result["validate"], result["publish"]
    db = Path(result["db_path"])
    lines = [
        "",
        f"skytally run {result['run_id']} finished in {seconds:.1f}s",
        f"  files found       {ing['n_files']}",
        f"  articles read     {ing['n_articles']}",
        f"  quarantined       {ing['n_quarantined']}" + ("   (see raw.quarantine and the report)" if ing["n_quarantined"] else ""),
        f"  taken this run    {ing['n_taken']} new or changed, {ing['n_unchanged']} unchanged, "
        f"{ing['n_aliases']} copies of files already held (raw.aliases)",
    ]
    if ing.get("ignored"):
        kinds = ", ".join(f"{n} {kind}" for kind, n in ing["ignored"].items())
        lines.append(f"  ignored           {sum(ing['ignored'].values())} not named *.txt ({kinds})")
    if ing["n_not_ready"]:
        lines.append(f"  left for later    {ing['n_not_ready']} (still being written or landed later), e.g. "
                     f"{ing['not_ready'][0][0]}: {ing['not_ready'][0][1]}")
    lines += [
        f"  extracted         {stg.get('note') or str(stg.get('n_articles', 0)) + ' articles'}",
        f"  claims extracted  {stg['n_claims']} (from the articles extracted this run)",
        f"  flags raised      {val['n_flags']}"
        + (f" (carried over from {val['carried_from']}: nothing changed since, nothing checked again)"
           if val.get("carried_from") else ""),
    ]
    for flag, n in sorted(val["by_flag"].items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"    {flag:<28}{n}")
    lines += editors_lines(result)
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


def _open_read_only(db: Path, wait: float = 0.0):
    """A read-only connection to the warehouse, or the exit code that says why there is none. While a run
    writes it (its write windows are short: see docs/operations.md, "Reading while a run is on"), wait up to `wait`
    seconds, saying so once."""
    from flows.runlock import read_status
    from warehouse import io as wh

    if not db.exists():
        print(f"skytally: no warehouse at {db}; run `skytally run` first", file=sys.stderr)
        return EXIT_USAGE

    def waiting(holder: str) -> None:
        run = read_status(db)
        who = (f"run {run.get('run', '')} (pid {run['pid']}) is writing it ({run.get('stage', 'starting')})".replace("run  ", "run ")
               if run.get("pid") else f"another process ({holder}) has it open for writing")
        print(f"skytally: {db}: {who}; waiting up to {wait:g}s for the write to finish ...", file=sys.stderr, flush=True)

    try:
        return wh.connect(db, read_only=True, wait=wait, on_wait=waiting)
    except wh.WarehouseBusy as e:
        print(f"skytally: {e}", file=sys.stderr)
        return EXIT_BUSY


def cmd_sql(args) -> int:
    from warehouse import io as wh

    con = _open_read_only(args.db, args.wait)
    if isinstance(con, int):
        return con
    try:
        rel = wh.user_query(con, args.query)
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


def cmd_review(args) -> int:  # noqa: C901 - one branch per review action (accept, reject, undo, list, import, export), flat
    from flows import review
    from flows.settings import Settings
    from warehouse import io as wh

    Settings().configure_warehouse()      # SKYTALLY_LOCK_WAIT (checked with the other options)

    deciding = args.accept or args.reject or args.undo is not None
    if deciding and (not args.editor or not args.reason):
        print("skytally: --editor and --reason are required to record a decision", file=sys.stderr)
        return EXIT_USAGE
    if not (deciding or args.import_csv):
        con = _open_read_only(args.db, DEFAULT_SQL_WAIT)
        if isinstance(con, int):
            return con
        try:
            if args.export_csv:
                n = review.export_csv(con, args.export_csv)
                print(f"{n} decisions written to {args.export_csv}")
            elif args.list:
                print(review.decisions_text(con))
            else:
                print(review.open_text(con))
        finally:
            con.close()
        return EXIT_OK
    if not args.db.exists():
        print(f"skytally: no warehouse at {args.db}; run `skytally run` first", file=sys.stderr)
        return EXIT_USAGE
    try:
        con = wh.connect(args.db, wait=DEFAULT_SQL_WAIT)
    except wh.WarehouseBusy as e:
        print(f"skytally: {e}", file=sys.stderr)
        return EXIT_BUSY
    try:
        wh.apply_ddl(con)
        with wh.transaction(con):
            if args.import_csv:
                added, held = review.import_csv(con, args.import_csv)
                said = f"imported {added} decisions from {args.import_csv} ({held} already held)"
            elif args.undo is not None:
                row = review.undo(con, args.undo, args.editor, args.reason)
                said = f"decision {row['decision_id']}: undo of decision {args.undo} by {row['editor']}"
            else:
                kind = "statement" if args.statement else "article" if args.article else "claim"
                row = review.record(con, "accept" if args.accept else "reject", kind, args.accept or args.reject,
                                    args.editor, args.reason)
                said = (f"decision {row['decision_id']}: {row['action']} {kind} {row['target']} by {row['editor']} "
                        f"({row['decided_at']:%Y-%m-%d %H:%M:%S} UTC)")
    except (review.UnknownTarget, ValueError, FileNotFoundError) as e:
        print(f"skytally: {e}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        con.close()
    print(f"recorded in {args.db} (dq.decisions): {said}")
    done = review.reevaluate(args.db)
    if done is None:
        print("no run published yet: the next run applies it")
        return EXIT_OK
    ro = _open_read_only(args.db, DEFAULT_SQL_WAIT)
    if isinstance(ro, int):
        return ro
    try:
        from warehouse import dq

        n_open = dq.n_open_flags(ro)
    finally:
        ro.close()
    print(f"applied to run {done.run_id}: checks re-run ({done.flags_before} -> {done.flags_after} flags), "
          f"tables republished, report rewritten ({done.report}); {n_open} open flags")
    return EXIT_OK


def cmd_export(args) -> int:
    from warehouse import marts

    con = _open_read_only(args.db, DEFAULT_SQL_WAIT)
    if isinstance(con, int):
        return con
    try:
        written = marts.export(con, args.out, args.format)
    finally:
        con.close()
    for path in written:
        print(path)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

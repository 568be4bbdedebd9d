"""The Prefect DAG: ingest -> stage -> validate -> publish -> report, one coarse task per stage.

The stage task extracts the batches of articles (those new or changed since the last run, or all of them
for a new extractor version) in worker processes it starts for the stage, one per core by default
(SKYTALLY_WORKERS), or in this process for a night too small to pay for them; on Dask (SKYTALLY_DASK, --dask)
it hands them to the flow's task runner as `extract` tasks. It writes what comes back: every DuckDB write
happens in this process.
"""
from __future__ import annotations

import os
from dataclasses import asdict
from datetime import date
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows import stages
from flows.landing import moscow_date
from flows.progress import stage_progress
from flows.runlock import RunLock, RunLocked, note
from flows.settings import Settings, from_environment
from flows.worker import extraction_worker_started

# Failures that a second attempt cannot mend: no retry, the run fails at once with the reason.
PERMANENT = (FileNotFoundError, NotADirectoryError, PermissionError, RunLocked, ValueError, TypeError, KeyError)


def worth_retrying(task, task_run, state) -> bool:
    return not isinstance(state.data, PERMANENT)


def task_runner(dask: str | None):
    """The flow's task runner: Prefect's default (a thread pool; None) unless the batches go to Dask: 'local' starts
    a cluster of worker processes on loopback for the run; anything else is the address of a running scheduler.
    Dask workers report to the Prefect API of the flow: PREFECT_API_URL must be reachable from them. Without Dask
    the stage starts its own worker processes (stages.worker_pool), not through a task runner."""
    if not dask:
        return None
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")   # before distributed is imported: no INFO chatter
    from prefect_dask import DaskTaskRunner

    if dask == "local":
        return DaskTaskRunner(cluster_kwargs={"n_workers": local_dask_workers(), "threads_per_worker": 1,
                                              "processes": True, "host": "127.0.0.1",
                                              "dashboard_address": "127.0.0.1:0"})
    return DaskTaskRunner(address=dask)


def cores() -> int:
    """The cores this process may run on (its CPU affinity: a container's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:      # not Linux
        return os.cpu_count() or 1


def local_dask_workers() -> int:
    """Worker processes of the local Dask cluster: SKYTALLY_DASK_WORKERS, else one per core."""
    return from_environment("dask_workers") or cores()


def on_dask() -> bool:
    """The running flow's batches go to Dask (its task runner is Prefect's DaskTaskRunner)."""
    from prefect.context import FlowRunContext

    runner = getattr(FlowRunContext.get(), "task_runner", None)
    return type(runner).__name__ == "DaskTaskRunner"


def release_memory() -> None:
    """Hand the heap a stage freed back to the system (glibc keeps it otherwise, and the process's resident size
    stays at the largest stage's for the rest of the run)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):   # not glibc: nothing to trim
        pass


# Every task is safe to run again: ingest, stage, validate and publish each write in one transaction,
# extract is pure, the report is replaced atomically.
@task(name="ingest", retries=2, retry_delay_seconds=2, retry_condition_fn=worth_retrying, cache_policy=NO_CACHE)
def ingest_task(settings: Settings, run_id: str) -> stages.IngestResult:
    note(settings.db_path, stage="ingest")
    landing = stages.scan_landing(settings)
    with stage_progress("ingest", len(landing.found), settings.progress) as advance:
        res = stages.ingest(settings, run_id, advance, landing)
    log = get_run_logger()
    log.info("%d files: %d taken (new or changed), %d unchanged, %d copies of files already held; %d articles held",
             res.n_files, res.n_taken, res.n_unchanged, res.n_aliases, res.n_held)
    if res.n_not_ready:
        log.info("%d files left for a later run, e.g. %s: %s", res.n_not_ready, *res.not_ready[0])
    if res.n_taken:
        release_memory()
    return res


@task(name="extract", retries=2, retry_delay_seconds=2, retry_condition_fn=worth_retrying, cache_policy=NO_CACHE)
def extract_task(batch: pl.DataFrame) -> stages.Staged:
    return stages.extract_batch(batch)


@task(name="stage", retries=1, retry_delay_seconds=2, retry_condition_fn=worth_retrying, cache_policy=NO_CACHE)
def stage_task(settings: Settings, run_id: str) -> stages.StageResult:
    note(settings.db_path, stage="stage")
    plan = stages.plan_stage(settings)
    log = get_run_logger()
    log.info("stage: %s", plan.note)
    with stage_progress("extract", plan.n_to_extract, settings.progress) as advance:
        res = _stage_batches(settings, run_id, plan, advance, log)
    log.info("extracted %d articles: %d claims, %d findings; %d articles staged", res.n_articles, res.n_claims,
             res.n_findings, res.n_staged)
    if res.n_articles:     # nothing extracted, nothing to hand back (and a collection over a large heap is not free)
        from transforms.extract.parse import forget_readings

        forget_readings()
        release_memory()
    return res


def _stage_batches(settings: Settings, run_id: str, plan: stages.StagePlan, advance, log) -> stages.StageResult:
    """Where the batches are extracted: on Dask as `extract` tasks; else in worker processes, one per core by
    default (SKYTALLY_WORKERS), when the night has enough articles to pay for starting them; else here, one after
    the other. Memory holds the batches in flight: two per worker keep them busy."""
    if on_dask():
        workers = local_dask_workers() if from_environment("dask") == "local" else 1   # remote: not known
        in_flight = min(settings.batches_in_flight, 2 * workers)
        return stages.stage(settings, run_id, advance, plan=plan, workers=workers,
                            map_batches=stages.bounded_map(extract_task.submit, in_flight))
    workers = stages.workers_for(plan.n_to_extract, settings.workers or cores())
    if workers == 1:
        return stages.stage(settings, run_id, advance, plan=plan)
    log.info("extracting in %d worker processes", workers)
    with stages.worker_pool(workers, min(settings.batches_in_flight, 2 * workers), extraction_worker_started) as mapper:
        return stages.stage(settings, run_id, advance, plan=plan, workers=workers, map_batches=mapper)


@task(name="validate", retries=1, retry_delay_seconds=2, retry_condition_fn=worth_retrying, cache_policy=NO_CACHE)
def validate_task(settings: Settings, run_id: str, ingest_res: stages.IngestResult) -> stages.ValidateResult:
    note(settings.db_path, stage="validate")
    res = stages.validate(settings, run_id, ingest_res)
    if res.carried_from:
        get_run_logger().info("nothing changed since run %s: its %d flags carried over, not checked again",
                              res.carried_from, res.n_flags)
    else:
        get_run_logger().info("checks raised %d flags (%d expectations failed)", res.n_flags, res.n_failed_expectations)
        release_memory()
    return res


@task(name="publish", retries=1, retry_delay_seconds=2, retry_condition_fn=worth_retrying, cache_policy=NO_CACHE)
def publish_task(settings: Settings, run_id: str, summary: dict, carried_from: str | None) -> stages.PublishResult:
    note(settings.db_path, stage="publish")
    res = stages.publish(settings, run_id, summary, carried_from)
    get_run_logger().info("published %d claims (%d held back), %d daily-region rows, %d daily-total rows",
                          res.n_published_claims, res.n_failed_claims, res.n_daily_region, res.n_daily_totals)
    if carried_from is None:   # the marts were rebuilt: the report starts from what that left
        release_memory()
    return res


@task(name="report", retries=1, retry_condition_fn=worth_retrying, cache_policy=NO_CACHE)
def report_task(settings: Settings, run_id: str, data_docs: str | None, carried_from: str | None) -> str:
    from report.write import write_report

    note(settings.db_path, stage="report")
    path = write_report(settings.db_path, run_id, data_docs, carried_from)
    get_run_logger().info("report written to %s", path)
    return str(path)


def current_flow_run_id() -> str:
    from prefect.runtime import flow_run

    return str(flow_run.id or "")


def night_of_this_run() -> date:
    """The Moscow date on which this flow run was scheduled to start (for an unscheduled run: created)."""
    from prefect.runtime import flow_run

    return moscow_date(flow_run.scheduled_start_time)


# SKYTALLY_DASK picks the task runner of every run of this flow, served runs included
@flow(name="nightly", log_prints=False, validate_parameters=False, task_runner=task_runner(from_environment("dask")))
def nightly(input_dir: str, db_path: str, as_of: str | None = None, run_id: str | None = None,
            min_file_age: float | None = None, landed_by: str | None = None) -> dict:
    """Take what landed in input_dir, stage claims from every article held, validate, publish the marts,
    write the report. as_of: the night (default: the Moscow date of the run's scheduled start);
    landed_by: a backfill of that night takes only files modified before it ended."""
    settings = Settings(
        input_dir=Path(input_dir), db_path=Path(db_path),
        as_of=date.fromisoformat(as_of) if as_of else night_of_this_run(),
        landed_by=date.fromisoformat(landed_by) if landed_by else None,
        **({"min_file_age": min_file_age} if min_file_age is not None else {}),
    )
    settings.configure_warehouse()
    run_id = run_id or stages.new_run_id()
    get_run_logger().info("run %s for the night of %s: %s -> %s", run_id, settings.as_of, settings.input_dir, settings.db_path)
    with RunLock.unless_held(settings.db_path):
        note(settings.db_path, run=run_id, as_of=settings.as_of.isoformat(), stage="start", flow_run=current_flow_run_id())
        try:
            ing = ingest_task(settings, run_id)
            stg = stage_task(settings, run_id)
            val = validate_task(settings, run_id, ing)
            summary = {"ingest": asdict(ing), "stage": asdict(stg), "flags": val.by_flag}
            pub = publish_task(settings, run_id, summary, val.carried_from)
            report = report_task(settings, run_id, val.data_docs, val.carried_from)
        except Exception as e:
            stages.mark_failed(settings, run_id, f"{type(e).__name__}: {e}")
            raise
    return {
        "run_id": run_id,
        "as_of": settings.as_of.isoformat(),
        "ingest": asdict(ing),
        "stage": asdict(stg),
        "validate": asdict(val),
        "publish": asdict(pub),
        "report": report,
        "db_path": str(settings.db_path),
    }

"""The Prefect DAG: ingest -> stage -> validate -> publish -> report, one coarse task per stage."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows import stages
from flows.progress import stage_progress
from flows.settings import Settings


@task(name="ingest", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def ingest_task(settings: Settings, run_id: str) -> stages.IngestResult:
    n = len(stages.find_articles(settings.input_dir)) if settings.input_dir.is_dir() else 0
    with stage_progress("ingest", n, settings.progress) as advance:
        res = stages.ingest(settings, run_id, advance)
    get_run_logger().info("ingested %d files: %d articles, %d quarantined", res.n_files, res.n_articles, res.n_quarantined)
    return res


@task(name="stage", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def stage_task(settings: Settings, run_id: str, n_articles: int) -> stages.StageResult:
    with stage_progress("extract", n_articles, settings.progress) as advance:
        res = stages.stage(settings, run_id, advance)
    get_run_logger().info("staged %d articles: %d claims, %d findings", res.n_articles, res.n_claims, res.n_findings)
    return res


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(settings: Settings, run_id: str, ingest_res: stages.IngestResult) -> stages.ValidateResult:
    res = stages.validate(settings, run_id, ingest_res)
    get_run_logger().info("checks raised %d flags (%d expectations failed)", res.n_flags, res.n_failed_expectations)
    return res


@task(name="publish", cache_policy=NO_CACHE)
def publish_task(settings: Settings, run_id: str, summary: dict) -> stages.PublishResult:
    res = stages.publish(settings, run_id, summary)
    get_run_logger().info("published %d claims (%d held back), %d daily-region rows, %d daily-total rows",
                          res.n_published_claims, res.n_failed_claims, res.n_daily_region, res.n_daily_totals)
    return res


@task(name="report", retries=1, cache_policy=NO_CACHE)
def report_task(settings: Settings, run_id: str, data_docs: str | None) -> str:
    from expectations.report import write_report

    path = write_report(settings.db_path, run_id, data_docs)
    get_run_logger().info("report written to %s", path)
    return str(path)


@flow(name="nightly", log_prints=False, validate_parameters=False)
def nightly(input_dir: str, db_path: str, as_of: str | None = None, run_id: str | None = None) -> dict:
    """Ingest every article under input_dir, stage claims, validate, publish the marts, write the report."""
    settings = Settings(
        input_dir=Path(input_dir), db_path=Path(db_path),
        **({"as_of": date.fromisoformat(as_of)} if as_of else {}),
    )
    run_id = run_id or stages.new_run_id()
    try:
        ing = ingest_task(settings, run_id)
        stg = stage_task(settings, run_id, ing.n_articles)
        val = validate_task(settings, run_id, ing)
        summary = {"ingest": asdict(ing), "stage": asdict(stg), "flags": val.by_flag}
        pub = publish_task(settings, run_id, summary)
        report = report_task(settings, run_id, val.data_docs)
    except Exception as e:
        stages.mark_failed(settings, run_id, f"{type(e).__name__}: {e}")
        raise
    return {
        "run_id": run_id,
        "ingest": asdict(ing),
        "stage": asdict(stg),
        "validate": asdict(val),
        "publish": asdict(pub),
        "report": report,
        "db_path": str(settings.db_path),
    }

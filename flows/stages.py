"""The pipeline's stages as plain functions over paths (the Prefect tasks in flows.nightly wrap them).

Each stage opens the warehouse for as short a time as it can, in the order Write-Audit-Publish needs:
ingest (scan the landing folder -> decide per file -> write raw), stage (extract into a scratch file ->
replace staging), validate (checks on a read-only connection -> write dq), publish (rebuild the marts).
The reading of files is flows.landing, the decisions and extraction are transforms, every SQL statement
is warehouse.
"""
from __future__ import annotations

import hashlib
import json
import math
import time
import uuid
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

import polars as pl

from flows.faults import fault_point
from flows.landing import Gate, LandingScan, find_articles, scan
from flows.settings import Settings
from report import report_dir
from report.write import data_docs_index
from transforms.extract import rules_frame
from transforms.intake import (NO_META, Decision, decide, index_held_of, known_file, manifest_meta, meta_frame,
                               unchanged_as_held)
# Staged, stage_batch and extract_batch are the pure batch step; tests and benchmarks call them from here.
from transforms.staging import Staged, extract_batch, extractor_version, stage_batch, stage_note
from warehouse import dq, marts, raw, staging
from warehouse import io as wh

__all__ = ["Staged", "extract_batch", "stage_batch", "find_articles"]

Progress = Callable[[int], None]


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    return f"run-{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


# ---------------------------------------------------------------- ingest
@dataclass
class IngestResult:
    n_files: int = 0          # *.txt files found
    n_articles: int = 0       # of those, articles in the warehouse (taken now or before)
    n_quarantined: int = 0    # of those, in quarantine (taken now or before)
    fingerprint: str = ""
    manifest_problems: list[str] = field(default_factory=list)
    repaired: list[tuple[str, str]] = field(default_factory=list)
    n_taken: int = 0          # new or changed files read into raw.articles or raw.quarantine by this run
    n_unchanged: int = 0      # already held with the same bytes: skipped
    n_aliases: int = 0        # copies: bytes that arrived under this name after another name held them (raw.aliases;
                              # in raw.articles or raw.quarantine as well, like every file)
    n_not_ready: int = 0      # left for a later run (still being written, or landed after a backfilled night)
    not_ready: list[tuple[str, str]] = field(default_factory=list)   # (file, why) for the first few of them
    n_held: int = 0           # articles in raw.articles after this ingest (what staging reads)
    ignored: dict[str, int] = field(default_factory=dict)   # files not named *.txt, by kind ('.md', '.part', ...)

    def add_unchanged(self, bulk: pl.DataFrame) -> None:
        """Count the files decided unchanged in bulk (transforms.intake.unchanged_as_held) as add() counts each."""
        self.n_unchanged += bulk.height
        self.n_aliases += bulk["copy_of"].is_not_null().sum()
        self.n_articles += (bulk["table"] == "articles").sum()
        self.n_quarantined += (bulk["table"] == "quarantine").sum()

    def add(self, d: Decision) -> None:
        """Count one decision (the summary and dq.runs report these counts)."""
        if d.outcome == "wait":
            self.n_not_ready += 1
            if len(self.not_ready) < 10:
                self.not_ready.append((d.source_file, d.reason))
            return
        if d.outcome == "unchanged":
            self.n_unchanged += 1
        elif d.outcome in ("article", "quarantine"):
            self.n_taken += 1
        if d.repaired:
            self.repaired.append((d.source_file, d.repaired))
        if d.copy_of is not None:
            self.n_aliases += 1
        if d.table == "articles":
            self.n_articles += 1
        elif d.table == "quarantine":
            self.n_quarantined += 1


PROGRESS_EVERY = 500   # files between two advances of the ingest progress (a terminal's bar costs per call)


def scan_landing(settings: Settings) -> LandingScan:
    """The landing folder as this run sees it (what ingest takes; its length is the ingest's progress total)."""
    gate = Gate(started=time.time(), min_age=settings.min_file_age, landed_by=settings.landed_by)
    return scan(settings.input_dir, gate, settings.max_file_bytes)


def ingest(settings: Settings, run_id: str, progress: Progress | None = None,
           landing: LandingScan | None = None) -> IngestResult:
    """Take what arrived in the landing folder: new or changed files into raw.articles or raw.quarantine.

    A file already held with the same bytes is skipped; bytes already held under another name are taken like
    any file and recorded in raw.aliases too; a file that is not ready (flows.landing) waits for a later run.
    Rows are written in batches of `batch_size` inside one transaction: memory does not grow with the folder.
    """
    landing = landing or scan_landing(settings)
    now = dq.utcnow()
    res = IngestResult(n_files=len(landing.found), manifest_problems=landing.manifest_problems, ignored=landing.ignored)
    con = wh.connect(settings.db_path)
    try:
        wh.apply_ddl(con)
        metas = {name: manifest_meta(row) for name, row in landing.manifest.items()}
        held_rows = raw.held(con)
        bulk = unchanged_as_held(landing.ready_stats(), held_rows, meta_frame(metas))
        res.add_unchanged(bulk)
        sha_of = dict(zip(bulk["source_file"].to_list(), bulk["sha256"].to_list()))   # what the fingerprint reads
        held = index_held_of(held_rows, [f.source_file for f in landing.found if f.source_file not in sha_of])
        if progress and bulk.height:
            progress(bulk.height)
        with wh.transaction(con):
            dq.close_interrupted_runs(con, run_id)
            pending: list[Decision] = []

            def known(name: str) -> tuple[int, int, str] | None:
                return known_file(held, name, metas.get(name, NO_META))

            n = 0
            for n, f in enumerate(landing.files(known, skip=frozenset(sha_of)), 1):
                if progress and n % PROGRESS_EVERY == 0:
                    progress(PROGRESS_EVERY)
                if len(pending) >= settings.batch_size:
                    raw.write_raw(con, pending)
                    pending.clear()
                d = decide(f, metas.get(f.source_file, NO_META), held, now=now, as_of=settings.as_of, run_id=run_id)
                res.add(d)
                if d.outcome == "wait":
                    continue
                sha_of[f.source_file] = f.sha256
                if d.row is not None or d.restat is not None:
                    pending.append(d)
            if progress and n % PROGRESS_EVERY:
                progress(n % PROGRESS_EVERY)
            raw.write_raw(con, pending)
            res.fingerprint = fingerprint(landing, sha_of)
            res.n_held = raw.count_articles(con)
            dq.record_run(con, run_id, now, settings.as_of, str(settings.input_dir), res.fingerprint,
                          res.n_files, res.n_articles, res.n_quarantined)
            fault_point("ingest:before_commit")
    finally:
        con.close()
    return res


def fingerprint(landing: LandingScan, sha_of: dict[str, str | None]) -> str:
    """A digest of the files this run took or kept (name and bytes' hash, in the folder's order; not those left
    waiting): dq.runs.input_fingerprint."""
    h = hashlib.sha256()
    h.update("".join(f"{f.source_file}\0{sha_of[f.source_file]}\n" for f in landing.found if f.source_file in sha_of)
             .encode())
    return h.hexdigest()


# ---------------------------------------------------------------- stage
@dataclass
class StageResult:
    n_articles: int = 0       # articles extracted by this run
    n_claims: int = 0         # claims of those articles
    n_findings: int = 0
    n_kept: int = 0           # articles whose staged rows were kept from earlier runs
    n_removed: int = 0        # staged articles no longer in raw.articles (removed)
    n_staged: int = 0         # articles in staging after this run
    extractor_version: str = ""
    note: str = ""            # what was extracted and why (the run summary and dq.runs.stage_note)


@dataclass
class StagePlan:
    """What a run's stage will extract: the articles of raw.articles whose staged rows are missing or stale."""
    version: str
    to_extract: list[str]                 # names, sorted
    input_keys: dict[str, str]            # name -> key of what its staged rows are made from
    gone: list[str]                       # staged names no longer in raw.articles
    n_kept: int
    note: str

    @property
    def n_to_extract(self) -> int:
        return len(self.to_extract)


def plan_stage(settings: Settings, version: str | None = None) -> StagePlan:
    """Which articles this run extracts (read-only: analysts can keep the file open). An article is extracted
    once per (input, extractor version): new or changed articles, or every article for a new version."""
    version = version or extractor_version()
    ro = wh.connect(settings.db_path, read_only=True, wait=wh.lock_wait())
    try:
        todo = raw.articles_to_stage(ro, settings.as_of, version)
        gone = staging.gone(ro)
        before = staging.kept_versions(ro)
    finally:
        ro.close()
    names = todo["source_file"].to_list()
    reasons = dict(todo.group_by("why").len().iter_rows()) if todo.height else {}
    n_kept = sum(before.values()) - len(gone) - reasons.get("version", 0) - reasons.get("changed", 0)
    return StagePlan(version, names, dict(zip(names, todo["input_key"].to_list())), gone, n_kept,
                     stage_note(reasons, n_kept, version, list(before)))


BatchMapper = Callable[[Iterator[pl.DataFrame]], Iterator[Staged]]


def batch_size_for(n_articles: int, workers: int, batch_size: int) -> int:
    """Articles per extraction batch: at most `batch_size`, and small enough that every worker gets at least
    three batches (a last lone batch keeps one worker busy while the others wait)."""
    return max(1, min(batch_size, math.ceil(n_articles / (3 * max(1, workers)))))


def stage(settings: Settings, run_id: str, progress: Progress | None = None,
          map_batches: BatchMapper | None = None, plan: StagePlan | None = None, workers: int = 1) -> StageResult:
    """Extract the articles of `plan` (default: plan_stage) and merge them into staging: their old rows out,
    the new ones in; every other article's staged rows are kept.

    The articles are read from raw.articles in batches (batch_size_for: at most `batch_size`, at least three
    per worker when `workers` run them); `map_batches` turns them into staged
    frames (default: `extract_batch` one after the other, here; the flow hands them to its worker processes).
    Each result is written as it comes back, so memory holds a few batches, never the corpus.

    While extracting, the warehouse is only read (a read-only connection: analysts can open it too); the
    results go to a scratch DuckDB file beside it (FILE.staging.tmp), written by this process only, and
    are merged into staging in one short write transaction at the end, with the run's counts in dq.runs."""
    plan = plan or plan_stage(settings)
    map_batches = map_batches or (lambda batches: map(extract_batch, batches))
    scratch = wh.scratch_path(settings.db_path)
    wh.remove_scratch(settings.db_path)      # left by a run that was killed
    try:
        res = _extract_into_scratch(settings, plan, scratch, progress, map_batches,
                                    batch_size_for(plan.n_to_extract, workers, settings.batch_size))
        res.n_kept, res.n_removed, res.extractor_version, res.note = plan.n_kept, len(plan.gone), plan.version, plan.note
        res.n_staged = res.n_kept + res.n_articles
        con = wh.limit_memory(wh.connect(settings.db_path))
        try:
            staging.merge_staging(
                con, scratch, plan.to_extract + plan.gone, rules_frame(),
                record=lambda c: dq.record_stage(c, run_id, res.n_articles, res.n_kept, plan.version, plan.note),
                before_commit=lambda: fault_point("stage:before_commit"))
        finally:
            con.close()
    finally:
        wh.remove_scratch(settings.db_path)
    return res


def _extract_into_scratch(settings: Settings, plan: StagePlan, scratch: Path, progress: Progress | None,
                          map_batches: BatchMapper, batch_size: int) -> StageResult:
    res = StageResult()
    out = wh.limit_memory(wh.connect(scratch, wait=0))
    try:
        staging.create_scratch(out)
        if not plan.to_extract:
            return res
        # the batches' reader is capped too: its buffer pool would otherwise keep the raw text it has read
        ro = wh.limit_memory(wh.connect(settings.db_path, read_only=True, wait=wh.lock_wait()), wh.READER_MEMORY_LIMIT)
        try:
            for staged in map_batches(raw.batches_by_name(ro, plan.to_extract, batch_size, settings.as_of)):
                articles = staged.articles.with_columns(
                    pl.lit(plan.version).alias("extractor_version"),
                    pl.col("source_file").replace_strict(plan.input_keys, return_dtype=pl.String).alias("input_key"))
                staging.append_batch(out, articles, *staged[1:])
                res.n_articles += articles.height
                res.n_claims += staged.claims.height
                res.n_findings += staged.findings.height
                if progress:
                    progress(articles.height)
        finally:
            ro.close()
    finally:
        out.close()
    return res


# A worker process costs its start (a spawned interpreter importing Polars and the extractor: 0.7-0.8 s for one
# or two on the 2-core machine) and pays it back only over enough articles (2-5.5 ms each on one core, by
# machine); fewer than this many per worker: extracted in this process.
MIN_ARTICLES_PER_WORKER = 1000


def workers_for(n_articles: int, workers: int) -> int:
    """How many worker processes extract `n_articles`: at most `workers`, and only as many as get
    MIN_ARTICLES_PER_WORKER each (1: the batches run in this process, no pool is started)."""
    return max(1, min(workers, n_articles // MIN_ARTICLES_PER_WORKER))


@contextmanager
def worker_pool(workers: int, in_flight: int, initializer: Callable[[], None] | None = None) -> Iterator[BatchMapper]:
    """A BatchMapper over `workers` spawned processes (concurrent.futures, not a Prefect task runner: the flow
    process then holds only the batches in flight). Each worker imports the extractor once and keeps its own
    sentence readings; the results come back here, where every DuckDB write happens. The pool lives for the
    stage only: later stages do not carry the workers' memory."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=initializer)
    try:
        yield bounded_map(lambda batch: pool.submit(extract_batch, batch), in_flight)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def bounded_map(submit: Callable[[pl.DataFrame], Any], in_flight: int) -> BatchMapper:
    """A BatchMapper that hands each batch to `submit` (which returns a future: Prefect's, Dask's) with at most
    `in_flight` outstanding, and yields their results in batch order."""
    def mapper(batches: Iterator[pl.DataFrame]) -> Iterator[Staged]:
        pending: deque = deque()
        for batch in batches:
            pending.append(submit(batch))
            if len(pending) >= in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    return mapper


# ---------------------------------------------------------------- validate
@dataclass
class ValidateResult:
    n_flags: int = 0
    by_flag: dict[str, int] = field(default_factory=dict)
    n_failed_expectations: int = 0
    data_docs: str | None = None
    carried_from: str | None = None   # the published run whose results this run took: nothing had changed since


def validate(settings: Settings, run_id: str, ingest_res: IngestResult | None = None) -> ValidateResult:
    """Run every check on staged data; write dq.expectation_results, dq.flags and apply editors' decisions.

    When the warehouse holds what it held for the latest published run (articles, quarantine, staging, decisions)
    and the check code, settings and manifest problems are the same, that run's results are this run's too: they
    are carried over (dq.runs.checks_from) and nothing is checked again: a night with nothing new costs no checks."""
    params = {
        "plausible_max_drones": settings.plausible_max_drones,
        "spike_factor": settings.spike_factor,
        "max_event_age_days": settings.max_event_age_days,
    }
    problems = ingest_res.manifest_problems if ingest_res else []
    key, latest = _checks_key(settings, params, problems)
    if latest is not None and latest[1] == key:
        return _carry_over(settings, run_id, latest[0], key)
    from expectations.rules import RULES
    from expectations.suite import extraction_flags, file_flags, run_checks

    # the checks only read (a read-only connection: analysts can open the file meanwhile); the write is short
    ro = wh.limit_memory(wh.connect(settings.db_path, read_only=True, wait=wh.lock_wait()), wh.QUERY_MEMORY_LIMIT)
    try:
        findings = staging.findings(ro)
        outcome = run_checks(ro, run_id, report_dir(settings.db_path), params)
        quarantined = raw.quarantined(ro)
    finally:
        ro.close()
    flags = pl.concat([extraction_flags(findings), outcome.flags, file_flags(quarantined, problems)])
    rules = [{"flag": r.flag, "severity": r.severity, "description": r.description} for r in RULES]
    con = wh.connect(settings.db_path)
    try:
        with wh.transaction(con):
            dq.replace_run_results(con, run_id, flags, outcome.results, rules)
            apply_decisions(con, run_id, settings)
            dq.record_checks_input(con, run_id, key)
            fault_point("validate:before_commit")
    finally:
        con.close()
    by_flag = dict(flags.group_by("flag").len().sort("flag").iter_rows())
    return ValidateResult(flags.height, by_flag, sum(not r["success"] for r in outcome.results),
                          str(outcome.data_docs) if outcome.data_docs else None)


def _checks_key(settings: Settings, params: dict, problems: list[str]) -> tuple[str, tuple[str, str | None] | None]:
    """What this run's checks would be made from, as one digest, and (run_id, its digest) of the latest published run."""
    from expectations.version import checks_version

    ro = wh.connect(settings.db_path, read_only=True, wait=wh.lock_wait())
    try:
        key = _digest({"input": dq.checks_input(ro), "code": checks_version(), "params": params, "manifest": problems,
                       "decisions_csv": _file_digest(decisions_path(settings))})
        return key, dq.latest_checks_input(ro)
    finally:
        ro.close()


def _carry_over(settings: Settings, run_id: str, from_run: str, key: str) -> ValidateResult:
    con = wh.connect(settings.db_path)
    try:
        with wh.transaction(con):
            dq.carry_over(con, run_id, from_run)
            dq.record_checks_input(con, run_id, key)
            fault_point("validate:before_commit")
        by_flag, n_failed = dq.run_results(con, run_id)
    finally:
        con.close()
    docs = data_docs_index(settings.db_path)
    return ValidateResult(sum(by_flag.values()), by_flag, n_failed, str(docs) if docs.exists() else None, from_run)


def _digest(parts: dict) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def decisions_path(settings: Settings) -> Path:
    return settings.input_dir / "decisions.csv" if settings.decisions_file is None else settings.decisions_file


def apply_decisions(con, run_id: str, settings: Settings) -> None:
    """Apply the editors' decisions (dq.decisions; a decisions CSV, if present, is imported first) to this run."""
    from flows.review import apply_decisions as apply

    apply(con, run_id, decisions_path(settings))


# ---------------------------------------------------------------- publish
@dataclass
class PublishResult:
    n_claims: int = 0
    n_published_claims: int = 0
    n_failed_claims: int = 0
    n_daily_region: int = 0
    n_daily_totals: int = 0


def publish(settings: Settings, run_id: str, summary: dict | None = None, carried_from: str | None = None) -> PublishResult:
    """Rebuild the marts from this run's flags and decisions and record the run published, in one transaction
    (dq.latest_run names the run the marts were built from). A run that carried over `carried_from`'s results
    has that run's marts already: they are left as they are."""
    con = wh.connect(settings.db_path)
    try:
        with wh.transaction(con):
            if carried_from is None:
                marts.rebuild(con, run_id, after_each=lambda name: fault_point("publish:mid_transaction")
                              if name == "marts_daily_region.sql" else None)
            counts = marts.counts(con)
            dq.record_published(con, run_id, counts.n_claims, counts.n_published_claims, json.dumps(summary or {}))
        if carried_from is None:
            wh.checkpoint(con)
        return PublishResult(*counts)
    finally:
        con.close()


def mark_failed(settings: Settings, run_id: str, message: str) -> None:
    try:
        con = wh.connect(settings.db_path)
    except Exception:
        return
    try:
        wh.apply_ddl(con)
        dq.record_failure(con, run_id, settings.as_of, str(settings.input_dir), message)
    finally:
        con.close()

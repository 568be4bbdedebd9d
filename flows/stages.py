"""The pipeline's stages as plain functions over paths (the Prefect tasks in flows.nightly wrap them).

I/O lives here and in warehouse.io; the transforms they call are pure.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator, NamedTuple

import polars as pl

from flows.faults import fault_point
from flows.landing import Gate, read_whole
from flows.settings import Settings
from transforms.clean import clean_articles, dateline_date
from transforms.decode import Undecodable, decode_bytes
from transforms.extract import extract_claims, rules_frame
from transforms.timeparse import headline_date
from warehouse import io as wh

Progress = Callable[[int], None]


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    return f"run-{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


# ---------------------------------------------------------------- ingest
@dataclass
class FoundFile:
    source_file: str      # relative, '/'-separated
    path: Path
    problem: str | None = None   # set when the file must not be read (e.g. symlink leaving the folder)


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
    n_aliases: int = 0        # bytes already held under another name (raw.aliases)
    n_not_ready: int = 0      # left for a later run (still being written, or landed after a backfilled night)
    not_ready: list[tuple[str, str]] = field(default_factory=list)   # (file, why) for the first few of them
    n_held: int = 0           # articles in raw.articles after this ingest (what staging reads)
    ignored: dict[str, int] = field(default_factory=dict)   # files not named *.txt, by kind ('.md', '.part', ...)

    def count(self, table: str) -> None:
        if table == "articles":
            self.n_articles += 1
        elif table == "quarantine":
            self.n_quarantined += 1
        else:
            self.n_aliases += 1


# files of the input folder that are inputs without being articles: not counted as ignored
KNOWN_INPUTS = {"manifest.csv", "decisions.csv"}
MAX_IGNORED_KINDS = 12


def ignored_kind(name: str) -> str:
    """How the summary names a file that is not an article: its extension ('.md', '.part'), 'hidden' or 'no extension'."""
    if name.startswith("."):
        return "hidden"
    suffix = Path(name).suffix.lower()
    return suffix if 1 < len(suffix) <= 12 else "no extension"


def find_articles(input_dir: Path, ignored: dict[str, int] | None = None) -> list[FoundFile]:
    """Every *.txt under input_dir (recursive, sorted). Links that lead outside the folder are not followed.
    `ignored`, when given, counts the other files by kind (ignored_kind)."""
    root = input_dir.resolve()
    found: list[FoundFile] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.lower().endswith(".txt"):
                if ignored is not None and not (dirpath == str(root) and name.lower() in KNOWN_INPUTS):
                    kind = ignored_kind(name)
                    if kind not in ignored and len(ignored) >= MAX_IGNORED_KINDS:
                        kind = "other"
                    ignored[kind] = ignored.get(kind, 0) + 1
                continue
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            problem = None
            if p.is_symlink():
                target = p.resolve()
                if not target.is_relative_to(root):
                    problem = f"symbolic link to a file outside the input folder ({target}); not read"
                elif not target.exists():
                    problem = "broken symbolic link"
            found.append(FoundFile(rel, p, problem))
    return found


def read_manifest(input_dir: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    """manifest.csv rows keyed by normalised relative path, and the problems found in it."""
    path = input_dir / "manifest.csv"
    if not path.exists():
        return {}, []
    problems: list[str] = []
    try:
        text, _ = decode_bytes(path.read_bytes())
    except Undecodable as e:
        return {}, [f"manifest.csv unreadable: {e}"]
    rows: dict[str, dict[str, str]] = {}
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "file" not in [f.strip().lower() for f in reader.fieldnames]:
        return {}, ["manifest.csv has no 'file' column; ignored"]
    for n, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        rel = PurePosixPath(row.get("file", "").replace("\\", "/"))
        if rel.is_absolute() or ".." in rel.parts or not str(rel) or str(rel) == ".":
            problems.append(f"manifest.csv line {n}: path '{row.get('file')}' is outside the input folder; ignored")
            continue
        pub = row.get("published", "")
        if pub:
            try:
                date.fromisoformat(pub[:10])
            except ValueError:
                problems.append(f"manifest.csv line {n}: published '{pub}' is not an ISO date; ignored")
                row["published"] = ""
        rows[rel.as_posix()] = row
    return rows, problems


ARTICLE_SCHEMA = {"source_file": pl.String, "sha256": pl.String, "bytes": pl.Int64, "encoding": pl.String, "text": pl.String,
                  "published": pl.String, "source_url": pl.String, "outlet": pl.String,
                  "received_at": pl.Datetime("us"), "landed_on": pl.Date, "run_id": pl.String}
QUARANTINE_SCHEMA = {"source_file": pl.String, "reason": pl.String, "content": pl.Binary, "sha256": pl.String, "bytes": pl.Int64,
                     "received_at": pl.Datetime("us"), "landed_on": pl.Date, "run_id": pl.String}
ALIAS_SCHEMA = {"source_file": pl.String, "sha256": pl.String, "alias_of": pl.String,
                "received_at": pl.Datetime("us"), "landed_on": pl.Date, "run_id": pl.String}


@dataclass
class Known:
    """What the warehouse already holds under one name."""
    table: str                # 'articles', 'quarantine' or 'aliases'
    sha256: str | None
    meta: tuple               # (published, source_url, outlet) for articles
    received_at: datetime
    landed_on: date | None


def _known(con) -> tuple[dict[str, Known], dict[str, str]]:
    """Every name in raw.* with its bytes' hash, and for each hash the first name it was read under."""
    rows = con.execute(
        "SELECT 'articles', source_file, sha256, published, source_url, outlet, received_at, landed_on FROM raw.articles "
        "UNION ALL SELECT 'quarantine', source_file, sha256, NULL, NULL, NULL, received_at, landed_on FROM raw.quarantine "
        "UNION ALL SELECT 'aliases', source_file, sha256, NULL, NULL, NULL, received_at, landed_on FROM raw.aliases "
        "ORDER BY source_file"
    ).fetchall()
    by_name: dict[str, Known] = {}
    by_hash: dict[str, str] = {}
    for table, name, sha, pub, url, outlet, received_at, landed_on in rows:
        by_name[name] = Known(table, sha, (pub, url, outlet), received_at, landed_on)
        if sha is not None and table != "aliases":
            by_hash.setdefault(sha, name)
    return by_name, by_hash


def ingest(settings: Settings, run_id: str, progress: Progress | None = None) -> IngestResult:
    """Take what arrived in the landing folder: new or changed files into raw.articles or raw.quarantine.

    A file already held with the same bytes is skipped; bytes already held under another name are recorded
    in raw.aliases instead of being read again; a file that is not ready (flows.landing) waits for a later run.
    Rows are written in batches of `batch_size` inside one transaction: memory does not grow with the folder.
    """
    input_dir = settings.input_dir
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder not found: {input_dir}")
    ignored: dict[str, int] = {}
    files = find_articles(input_dir, ignored)
    manifest, problems = read_manifest(input_dir)
    now = utcnow()
    gate = Gate(started=time.time(), min_age=settings.min_file_age, landed_by=settings.landed_by)
    fp = hashlib.sha256()
    res = IngestResult(n_files=len(files), manifest_problems=problems,
                       ignored=dict(sorted(ignored.items(), key=lambda kv: (-kv[1], kv[0]))))
    con = wh.connect(settings.db_path)
    try:
        wh.apply_ddl(con)
        known, first_name = _known(con)
        rows: dict[str, list[dict]] = {"articles": [], "quarantine": [], "aliases": []}
        with wh.transaction(con):
            # one writer at a time (flows.runlock): a run still marked running was killed
            con.execute("UPDATE dq.runs SET outcome = 'interrupted', message = 'the process ended before the run finished' "
                        "WHERE outcome = 'running' AND run_id <> ?", [run_id])
            for f in files:
                if progress:
                    progress(1)
                if sum(map(len, rows.values())) >= settings.batch_size:
                    _write_raw(con, rows)
                data, reason, wait = _read(f, gate, settings.max_file_bytes)
                if wait is not None:
                    res.n_not_ready += 1
                    if len(res.not_ready) < 10:
                        res.not_ready.append((f.source_file, wait))
                    continue
                digest = hashlib.sha256(data).hexdigest() if data is not None else None
                fp.update(f"{f.source_file}\0{digest}\n".encode())
                m = manifest.get(f.source_file, {})
                meta = (m.get("published") or None, m.get("source_url") or None, m.get("outlet") or None)
                prev = known.get(f.source_file)
                same_bytes = prev is not None and prev.sha256 == digest
                if same_bytes and (prev.table != "articles" or prev.meta == meta):
                    res.n_unchanged += 1
                    res.count(prev.table)
                    continue
                received_at, landed_on = (prev.received_at, prev.landed_on) if same_bytes else (now, settings.as_of)
                stamp = {"received_at": received_at, "landed_on": landed_on, "run_id": run_id}
                if (prev is None or prev.table == "aliases") and digest in first_name:
                    rows["aliases"].append({"source_file": f.source_file, "sha256": digest,
                                            "alias_of": first_name[digest], **stamp})
                    res.count("aliases")
                    continue
                if reason is None:
                    try:
                        text, encoding = decode_bytes(data)
                    except Undecodable as e:
                        reason = str(e)
                if reason is None:
                    if "replaced" in encoding:
                        res.repaired.append((f.source_file, encoding))
                    rows["articles"].append({"source_file": f.source_file, "sha256": digest, "bytes": len(data),
                                             "encoding": encoding, "text": text, "published": meta[0],
                                             "source_url": meta[1], "outlet": meta[2], **stamp})
                    res.count("articles")
                else:
                    rows["quarantine"].append({"source_file": f.source_file, "reason": reason, "content": data,
                                               "sha256": digest, "bytes": len(data) if data is not None else None, **stamp})
                    res.count("quarantine")
                res.n_taken += 1
            _write_raw(con, rows)
            res.n_held = con.execute("SELECT count(*) FROM raw.articles").fetchone()[0]
            res.fingerprint = fp.hexdigest()
            con.execute(
                "INSERT INTO dq.runs (run_id, started_at, as_of, input_dir, input_fingerprint, n_files, n_articles, n_quarantined, outcome) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running') ON CONFLICT (run_id) DO UPDATE SET input_fingerprint = excluded.input_fingerprint, "
                "n_files = excluded.n_files, n_articles = excluded.n_articles, n_quarantined = excluded.n_quarantined",
                [run_id, now, settings.as_of, str(input_dir), res.fingerprint, res.n_files, res.n_articles, res.n_quarantined],
            )
            fault_point("ingest:before_commit")
    finally:
        con.close()
    return res


def _read(f: FoundFile, gate: Gate, max_bytes: int) -> tuple[bytes | None, str | None, str | None]:
    """(the file's bytes, why it cannot be an article, why it must wait for a later run)."""
    if f.problem is not None:
        return None, f.problem, None
    try:
        st = f.path.stat()
        wait = gate.not_ready(st)
        if wait is not None:
            return None, None, wait
        data = read_whole(f.path, st)
    except OSError as e:
        return None, f"cannot read file: {e.strerror or e}", None
    if data is None:
        return None, None, "changed while being read (still being written)"
    if len(data) > max_bytes:
        return data, f"file too large: {len(data)} bytes (limit {max_bytes})", None
    return data, None, None


def _write_raw(con, rows: dict[str, list[dict]]) -> None:
    """Write buffered rows (each name into exactly one of raw.articles, raw.quarantine, raw.aliases) and empty the buffers."""
    schemas = {"articles": ARTICLE_SCHEMA, "quarantine": QUARANTINE_SCHEMA, "aliases": ALIAS_SCHEMA}
    for table, buffered in rows.items():
        if not buffered:
            continue
        names = [r["source_file"] for r in buffered]
        for other in schemas.keys() - {table}:
            con.execute(f"DELETE FROM raw.{other} WHERE source_file IN (SELECT unnest(?))", [names])
        wh.replace_rows(con, f"raw.{table}", pl.DataFrame(buffered, schema=schemas[table]), key="source_file")
        buffered.clear()


# ---------------------------------------------------------------- stage
@dataclass
class StageResult:
    n_articles: int = 0
    n_claims: int = 0
    n_findings: int = 0


def _published(raw_pub: str | None) -> date | None:
    if not raw_pub:
        return None
    try:
        return date.fromisoformat(raw_pub[:10])
    except ValueError:
        return None


class Staged(NamedTuple):
    """What staging makes of one batch of articles."""
    articles: pl.DataFrame      # staging.stg_articles rows
    claims: pl.DataFrame
    findings: pl.DataFrame
    decisions: pl.DataFrame     # staging.figure_decisions rows: every number considered, taken or left



BatchMapper = Callable[[Iterator[pl.DataFrame]], Iterator[Staged]]


STAGED_TABLES = ["stg_articles", "stg_claims", "stg_findings", "figure_decisions"]


def stage(settings: Settings, run_id: str, progress: Progress | None = None,
          map_batches: BatchMapper | None = None) -> StageResult:
    """Clean every article and extract its claims into staging (replacing the previous staging).

    raw.articles is read in batches of `batch_size` articles; `map_batches` turns them into staged frames
    (default: `extract_batch` one after the other, here; the flow hands them to its task runner). Each
    result is written as it comes back, so memory holds a few batches, never the corpus.

    While extracting, the warehouse is only read (a read-only connection: analysts can open it too); the
    results go to a scratch DuckDB file beside it (FILE.staging.tmp), written by this process only, and
    are copied into staging in one short write transaction at the end."""
    map_batches = map_batches or (lambda batches: map(extract_batch, batches))
    wh.remove_scratch(settings.db_path)      # left by a run that was killed
    try:
        res = _extract_into_scratch(settings, progress, map_batches)
        _copy_scratch_into_staging(settings.db_path)
    finally:
        wh.remove_scratch(settings.db_path)
    return res


def _extract_into_scratch(settings: Settings, progress: Progress | None, map_batches: BatchMapper) -> StageResult:
    res = StageResult()
    ro = wh.connect(settings.db_path, read_only=True, wait=wh.lock_wait())
    try:
        out = wh.connect(wh.scratch_path(settings.db_path), wait=0)
        try:
            out.execute(wh.sql_text("00_schemas.sql"))
            out.execute(wh.sql_text("20_staging.sql"))
            names = [r[0] for r in ro.execute("SELECT source_file FROM raw.articles ORDER BY source_file").fetchall()]
            res.n_articles = len(names)

            def batches() -> Iterator[pl.DataFrame]:
                for start in range(0, len(names), settings.batch_size):
                    chunk = names[start:start + settings.batch_size]
                    yield ro.execute(
                        "SELECT source_file, sha256, text, published, outlet, source_url, encoding, "
                        "coalesce(landed_on, ?) AS as_of FROM raw.articles WHERE source_file BETWEEN ? AND ? ORDER BY source_file",
                        [settings.as_of, chunk[0], chunk[-1]],
                    ).pl()

            for articles, claims, findings, decisions in map_batches(batches()):
                _append(out, "staging.stg_articles", articles)
                _append(out, "staging.figure_decisions", decisions)
                if claims.height:
                    write_claims(out, claims)
                if findings.height:
                    _append(out, "staging.stg_findings", findings)
                res.n_claims += claims.height
                res.n_findings += findings.height
                if progress:
                    progress(articles.height)
        finally:
            out.close()
    finally:
        ro.close()
    return res


def _copy_scratch_into_staging(db_path: Path) -> None:
    """Replace staging with the scratch file's tables in one transaction: the stage task's only write."""
    scratch = str(wh.scratch_path(db_path)).replace("'", "''")
    con = wh.connect(db_path)
    try:
        con.execute(f"ATTACH '{scratch}' AS scratch (READ_ONLY)")
        try:
            with wh.transaction(con):
                for table in STAGED_TABLES:
                    con.execute(f"DELETE FROM staging.{table}")
                wh.replace_rows(con, "staging.extraction_rules", rules_frame())
                for table in STAGED_TABLES:
                    con.execute(f"INSERT INTO staging.{table} BY NAME SELECT * FROM scratch.staging.{table}")
                fault_point("stage:before_commit")
        finally:
            con.execute("DETACH scratch")
    finally:
        con.close()


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


def extract_batch(raw: pl.DataFrame) -> Staged:
    """Staging of one batch of raw.articles rows, each article read as of the night that took it (column
    `as_of`): the same article gives the same claims whichever later run re-reads it. Pure."""
    parts = [stage_batch(group.drop("as_of"), as_of)
             for (as_of,), group in raw.group_by("as_of", maintain_order=True)]
    return Staged(*(pl.concat([p[i] for p in parts]) for i in range(len(Staged._fields))))


def stage_batch(raw: pl.DataFrame, as_of: date) -> Staged:
    """Pure part of staging for one batch."""
    cleaned = clean_articles(raw.select("source_file", "text"))
    meta = raw.select("source_file", "sha256", "published", "outlet", "source_url", "encoding")
    cleaned = cleaned.join(meta, on="source_file", how="left")
    pub_manifest = [_published(p) for p in cleaned["published"].to_list()]
    # a dateline without a year takes the run's year; its dates then count as year_inferred
    pub_dateline_noyear = [dateline_date(t, year=as_of.year) if d is None else None
                           for t, d in zip(cleaned["clean_text"].to_list(), cleaned["dateline_date"].to_list())]
    published, source = [], []
    heads = [headline_date(t) for t in cleaned["clean_text"].to_list()]
    for m, d, dn, h in zip(pub_manifest, cleaned["dateline_date"].to_list(), pub_dateline_noyear, heads):
        if m:
            published.append(m); source.append("manifest")
        elif d:
            published.append(d); source.append("dateline")
        elif h:
            published.append(h); source.append("headline")
        elif dn:
            published.append(dn); source.append("dateline_year_inferred")
        else:
            published.append(None); source.append(None)
    cleaned = cleaned.with_columns(
        pl.Series("published_date", published, dtype=pl.Date),
        pl.Series("published_from", source, dtype=pl.String),
    )
    claims, findings, decisions = extract_claims(cleaned, as_of)
    inferred = cleaned.filter(pl.col("published_from") == "dateline_year_inferred")["source_file"].to_list()
    if inferred:
        claims = claims.with_columns(
            pl.when(pl.col("source_file").is_in(inferred) & (pl.col("date_precision") == "day"))
            .then(pl.lit("year_inferred")).otherwise(pl.col("date_precision")).alias("date_precision")
        )
    # article-level findings from cleaning and decoding
    extra = []
    for row in cleaned.select("source_file", "boilerplate", "repeated_headline", "encoding", "clean_text").iter_rows(named=True):
        if row["boilerplate"]:
            lines = row["boilerplate"]
            extra.append({"source_file": row["source_file"], "claim_id": None, "flag": "boilerplate",
                          "message": f"removed {len(lines)} line(s) of non-article text"
                          + (" including the repeated headline" if row["repeated_headline"] else "") + ": "
                          + " | ".join(l[:80] for l in lines[:4]),
                          "detail": json.dumps({"lines": lines})})
        if len(re.findall(r"\w+", row["clean_text"] or "")) < 8:
            extra.append({"source_file": row["source_file"], "claim_id": None, "flag": "not_an_article",
                          "message": "almost no text left after cleaning", "detail": None})
        if row["encoding"] and "replaced" in row["encoding"]:
            extra.append({"source_file": row["source_file"], "claim_id": None, "flag": "text_repaired",
                          "message": f"decoded as {row['encoding']}", "detail": None})
    if extra:
        findings = pl.concat([findings, pl.DataFrame(extra, schema=findings.schema)])
    n_sent = cleaned["clean_text"].str.count_matches(r"[.!?]\s|\n").cast(pl.Int32)
    articles = cleaned.select(
        "source_file", "sha256", "clean_text", "headline", "published_date", "published_from", "outlet",
        "source_url", "boilerplate",
    ).with_columns(n_sent.alias("n_sentences"))
    return Staged(articles, claims, findings, decisions)


def write_claims(con, claims: pl.DataFrame) -> None:
    """Insert claims into staging with their cross-article identities (md5 in DuckDB: stable across versions)."""
    con.register("_in_claims", claims.to_arrow())
    try:
        con.execute(
            """
            INSERT INTO staging.stg_claims
            WITH k AS (
                SELECT *, md5(concat_ws('|', authority, coalesce(official, ''), coalesce(CAST(event_date AS VARCHAR), ''),
                                        coalesce(CAST(window_start_local AS VARCHAR), ''), coalesce(CAST(window_end_local AS VARCHAR), ''),
                                        coalesce(period, ''))) AS report_key
                FROM _in_claims
            )
            SELECT claim_id, source_file, report_id, report_key,
                   md5(concat_ws('|', report_key, scope, coalesce(region_code, ''), CAST(drones AS VARCHAR))) AS claim_key,
                   authority, official, official_as_written, scope, region_code, region_name, districts, drones, qualifier,
                   window_start_local, window_end_local, window_start_utc, window_end_utc, event_date, date_precision,
                   period, evidence, char_start, char_end, published_date
            FROM k
            """
        )
    finally:
        con.unregister("_in_claims")


# ---------------------------------------------------------------- validate
@dataclass
class ValidateResult:
    n_flags: int = 0
    by_flag: dict[str, int] = field(default_factory=dict)
    n_failed_expectations: int = 0
    data_docs: str | None = None


def validate(settings: Settings, run_id: str, ingest_res: IngestResult | None = None) -> ValidateResult:
    """Run every check on staged data; write dq.expectation_results, dq.flags and apply editors' decisions."""
    from expectations.suite import extraction_flags, run_checks

    # the checks only read (a read-only connection: analysts can open the file meanwhile); the write is short
    ro = wh.connect(settings.db_path, read_only=True, wait=wh.lock_wait())
    try:
        findings = ro.execute("SELECT * FROM staging.stg_findings").pl().to_dicts()
        params = {
            "plausible_max_drones": settings.plausible_max_drones,
            "spike_factor": settings.spike_factor,
            "max_event_age_days": settings.max_event_age_days,
        }
        outcome = run_checks(ro, run_id, settings.db_path.parent / "gx", params)
        quarantined = ro.execute("SELECT source_file, reason FROM raw.quarantine").fetchall()
    finally:
        ro.close()
    flags = extraction_flags(findings) + outcome.flags
    for sf, reason in quarantined:
        flags.append({"source_file": sf, "claim_id": None, "flag": "quarantined", "severity": "error",
                      "message": reason, "detail": None})
    for problem in (ingest_res.manifest_problems if ingest_res else []):
        flags.append({"source_file": "manifest.csv", "claim_id": None, "flag": "manifest_problem", "severity": "warn",
                      "message": problem, "detail": None})
    from expectations.rules import RULES

    flag_df = pl.DataFrame(
        [{"run_id": run_id, **f} for f in flags],
        schema={"run_id": pl.String, "source_file": pl.String, "claim_id": pl.String, "flag": pl.String,
                "severity": pl.String, "message": pl.String, "detail": pl.String},
    )
    res_df = pl.DataFrame(
        [{"run_id": run_id, **r} for r in outcome.results],
        schema={"run_id": pl.String, "suite": pl.String, "rule": pl.String, "severity": pl.String,
                "description": pl.String, "success": pl.Boolean, "observed": pl.String},
    )
    rules_df = pl.DataFrame([{"flag": r.flag, "severity": r.severity, "description": r.description} for r in RULES])
    con = wh.connect(settings.db_path)
    try:
        with wh.transaction(con):
            con.execute("DELETE FROM dq.flags WHERE run_id = ?", [run_id])
            con.execute("DELETE FROM dq.expectation_results WHERE run_id = ?", [run_id])
            if flag_df.height:
                _append(con, "dq.flags", flag_df)
            if res_df.height:
                _append(con, "dq.expectation_results", res_df)
            wh.replace_rows(con, "dq.rules", rules_df)
            apply_decisions(con, run_id, settings)
            fault_point("validate:before_commit")
        by_flag: dict[str, int] = {}
        for f in flags:
            by_flag[f["flag"]] = by_flag.get(f["flag"], 0) + 1
        return ValidateResult(len(flags), by_flag, sum(not r["success"] for r in outcome.results),
                              str(outcome.data_docs) if outcome.data_docs else None)
    finally:
        con.close()


def _append(con, table: str, df: pl.DataFrame) -> None:
    con.register("_in_append", df.to_arrow())
    try:
        cols = ", ".join(f'"{c}"' for c in df.columns)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _in_append")
    finally:
        con.unregister("_in_append")


def decisions_path(settings: Settings) -> Path:
    return settings.input_dir / "decisions.csv" if settings.decisions_file is None else settings.decisions_file


def apply_decisions(con, run_id: str, settings: Settings) -> None:
    """Record the editors' decisions (decisions.csv) against this run's claims; unknown claim ids are kept as orphaned."""
    path = decisions_path(settings)
    con.execute("DELETE FROM dq.applied_decisions WHERE run_id = ?", [run_id])
    if not path.exists():
        return
    from flows.review import read_decisions

    rows = read_decisions(path)
    known = {r[0] for r in con.execute("SELECT claim_id FROM staging.stg_claims").fetchall()}
    latest: dict[str, dict] = {}
    for r in rows:
        cid = (r.get("claim_id") or "").strip()
        if cid and (r.get("decision") or "").strip() in ("accept", "reject"):
            latest[cid] = r   # the last decision on a claim wins
    for cid, r in latest.items():
        con.execute(
            "INSERT INTO dq.applied_decisions VALUES (?, ?, ?, ?, ?, ?, ?)",
            [run_id, cid, r["decision"].strip(), (r.get("editor") or "").strip() or "unknown", r.get("reason"),
             (r.get("decided_at") or None), "applied" if cid in known else "orphaned"],
        )


# ---------------------------------------------------------------- publish
@dataclass
class PublishResult:
    n_claims: int = 0
    n_published_claims: int = 0
    n_failed_claims: int = 0
    n_daily_region: int = 0
    n_daily_totals: int = 0


def publish(settings: Settings, run_id: str, summary: dict | None = None) -> PublishResult:
    con = wh.connect(settings.db_path)
    try:
        wh.publish(con, run_id, after_each=lambda name: fault_point("publish:mid_transaction") if name == "marts_daily_region.sql" else None)
        n, ok, failed = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE dq_status <> 'fail'), count(*) FILTER (WHERE dq_status = 'fail') FROM marts.claims"
        ).fetchone()
        dr = con.execute("SELECT count(*) FROM marts.daily_region").fetchone()[0]
        dt = con.execute("SELECT count(*) FROM marts.daily_totals").fetchone()[0]
        n_flags = con.execute("SELECT count(*) FROM dq.flags WHERE run_id = ?", [run_id]).fetchone()[0]
        con.execute(
            "UPDATE dq.runs SET finished_at = ?, n_claims = ?, n_flags = ?, n_published_claims = ?, outcome = 'published', message = ? WHERE run_id = ?",
            [utcnow(), n, n_flags, ok, json.dumps(summary or {}), run_id],
        )
        wh.checkpoint(con)
        return PublishResult(n, ok, failed, dr, dt)
    finally:
        con.close()


def mark_failed(settings: Settings, run_id: str, message: str) -> None:
    try:
        con = wh.connect(settings.db_path)
    except Exception:
        return
    try:
        wh.apply_ddl(con)
        con.execute(
            "INSERT INTO dq.runs (run_id, started_at, finished_at, as_of, input_dir, outcome, message) VALUES (?, ?, ?, ?, ?, 'failed', ?) "
            "ON CONFLICT (run_id) DO UPDATE SET finished_at = excluded.finished_at, outcome = 'failed', message = excluded.message",
            [run_id, utcnow(), utcnow(), settings.as_of, str(settings.input_dir), message[:2000]],
        )
    finally:
        con.close()

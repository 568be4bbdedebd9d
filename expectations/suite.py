"""Run the checks on staged data with Great Expectations and turn failures into dq.flags rows.

GX cannot use DuckDB as a SQL source (stack notes), so the staged tables reach GX as pandas frames:
- the column suite (`staged_claims`) checks values row by row on stg_claims;
- the set-level suite (`staged_rules`) checks the offending rows that each rule's SQL returns: one
  expectation per rule, "no row of this rule", described in the editor's words.
Both run through a Checkpoint that updates the Data Docs site beside the report.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl

from expectations.rules import BY_FLAG, RULES, severities
from transforms.reference import regions
from transforms.vocabulary import Authority, DatePrecision, Flag, Period, Qualifier, Scope, finding, values
from warehouse import dq, staging

AUTHORITIES = values(Authority)
SCOPES = values(Scope)
QUALIFIERS = values(Qualifier)
PERIODS = values(Period)
PRECISIONS = values(DatePrecision)


@dataclass
class CheckOutcome:
    results: list[dict]   # one per expectation: suite, rule, severity, description, success, observed
    flags: pl.DataFrame   # one row per offending row (FLAG_COLUMNS): source_file, claim_id, flag, severity, message, detail
    data_docs: Path | None


FINDING_COLUMNS = ["source_file", "claim_id", "flag", "message", "detail"]
FINDING_SCHEMA = dict.fromkeys(FINDING_COLUMNS, pl.String)
FLAG_COLUMNS = [*FINDING_COLUMNS[:3], "severity", *FINDING_COLUMNS[3:]]


def rule_rows(con: duckdb.DuckDBPyConnection, params: dict[str, object]) -> pl.DataFrame:
    """The offending rows of every set-level rule, in one frame with a `rule` column; `params` (the settings)
    become the DuckDB variables the rules read."""
    return dq.rule_rows(con, [(r.flag, r.sql_text) for r in RULES if r.source == "sql"], params)


def _column_expectations(gx, bound: int):
    E = gx.expectations
    region_codes = sorted(regions())
    return [
        ("value_out_of_vocabulary", E.ExpectColumnValuesToBeInSet(column="authority", value_set=AUTHORITIES, description="authority is one of mod, governor, mayor, other")),
        ("value_out_of_vocabulary", E.ExpectColumnValuesToBeInSet(column="scope", value_set=SCOPES, description="scope is total or region")),
        ("value_out_of_vocabulary", E.ExpectColumnValuesToBeInSet(column="qualifier", value_set=QUALIFIERS, description="qualifier is exact, at_least or approx")),
        ("value_out_of_vocabulary", E.ExpectColumnValuesToBeInSet(column="period", value_set=PERIODS, mostly=1.0, description="period is night, day or empty")),
        ("value_out_of_vocabulary", E.ExpectColumnValuesToBeInSet(column="date_precision", value_set=PRECISIONS, description="date precision is day, year_inferred or none")),
        ("value_out_of_vocabulary", E.ExpectColumnValuesToBeInSet(column="region_code", value_set=region_codes, description="region codes are ISO 3166-2 codes or water-area slugs")),
        ("implausible_count", E.ExpectColumnValuesToNotBeNull(column="drones", description="every claim has a figure")),
        ("implausible_count", E.ExpectColumnValuesToBeBetween(column="drones", min_value=1, max_value=bound, description=f"figures are whole numbers from 1 to the plausibility bound ({bound})")),
        ("window_incomplete", E.ExpectColumnPairValuesToBeEqual(column_A="has_window_start", column_B="has_window_end", description="a window has both ends or neither")),
        ("window_incomplete", E.ExpectColumnValuesToBeBetween(column="window_minutes", min_value=1, max_value=24 * 60, description="a window, unwrapped across midnight, lasts more than 0 minutes and at most 24 hours")),
        ("date_unresolved", E.ExpectColumnValuesToNotBeNull(column="event_date", mostly=0.0, description="claims have a calendar date (informational: those without one stay out of the daily tables)")),
        ("value_out_of_vocabulary", E.ExpectColumnValuesToBeUnique(column="claim_id", description="claim ids are unique")),
    ]


def run_checks(con: duckdb.DuckDBPyConnection, run_id: str, gx_root: Path, params: dict[str, object]) -> CheckOutcome:  # noqa: C901 - the two GX suites' set-up, run and result reading, in one place with the context they share
    import great_expectations as gx

    for name in ("great_expectations", "great_expectations.core", "great_expectations.data_context"):
        logging.getLogger(name).setLevel(logging.ERROR)
    claims = staging.claims_for_checks(con)
    offending = rule_rows(con, params)
    claim_files = staging.claim_files(con)

    gx_root.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(gx_root))
    context.variables.progress_bars = {"globally": False, "metric_calculations": False, "profilers": False}
    context.variables.save()
    source = context.data_sources.add_or_update_pandas("staging")
    results: list[dict] = []
    flags: list[dict] = []   # the column suite's offending claims (none when the staged columns are right)

    def suite_run(suite_name: str, asset_name: str, frame: pd.DataFrame, expectations: list[tuple[str, object]]):
        try:
            asset = source.get_asset(asset_name)
        except LookupError:
            asset = source.add_dataframe_asset(asset_name)
        try:
            batch_def = asset.get_batch_definition("all_rows")
        except (KeyError, LookupError, ValueError):
            batch_def = asset.add_batch_definition_whole_dataframe("all_rows")
        suite = gx.ExpectationSuite(name=suite_name)
        for flag, exp in expectations:
            exp.meta = {"flag": flag, "severity": BY_FLAG[flag].severity}
            suite.add_expectation(exp)
        suite = context.suites.add_or_update(suite)
        vd = context.validation_definitions.add_or_update(gx.ValidationDefinition(name=suite_name, data=batch_def, suite=suite))
        cp = context.checkpoints.add_or_update(
            gx.Checkpoint(
                name=suite_name,
                validation_definitions=[vd],
                actions=[gx.checkpoint.UpdateDataDocsAction(name="update_data_docs")],
                result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["claim_id"]}
                if "claim_id" in frame.columns and len(frame) else {"result_format": "SUMMARY"},
            )
        )
        res = cp.run(batch_parameters={"dataframe": frame}, run_id=gx.RunIdentifier(run_name=run_id))
        for vr in res.run_results.values():
            for er in vr.results:
                cfg = er.expectation_config
                meta = cfg.meta or {}
                observed = {k: v for k, v in er.result.items() if k in ("observed_value", "unexpected_count", "unexpected_percent", "element_count")}
                results.append({
                    "suite": suite_name, "rule": meta.get("flag", cfg.type), "severity": meta.get("severity", "warn"),
                    "description": cfg.description or cfg.type, "success": bool(er.success),
                    "observed": json.dumps(observed, default=str),
                })
                if not er.success and suite_name == "staged_claims" and meta.get("flag") not in ("date_unresolved",):
                    for idx in er.result.get("unexpected_index_list") or []:
                        cid = idx.get("claim_id") if isinstance(idx, dict) else None
                        flags.append(finding(meta["flag"], None, f"failed: {cfg.description}", cid))

    suite_run("staged_claims", "stg_claims", claims, _column_expectations(gx, int(params["plausible_max_drones"])))
    rule_exps = [
        (r.flag, gx.expectations.ExpectColumnValuesToNotBeInSet(column="rule", value_set=[r.flag], description=f"{r.flag}: {r.description}"))
        for r in RULES if r.source == "sql"
    ]
    # "no row of this rule" needs only each offending row's rule: one categorical column
    suite_run("staged_rules", "rule_rows", pd.DataFrame({"rule": pd.Categorical(offending["rule"].to_list())}), rule_exps)
    column_flags = pl.DataFrame(flags, schema=FINDING_SCHEMA)
    docs = gx_root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    return CheckOutcome(results, named_and_distinct(pl.concat([column_flags, _rule_findings(offending)]), claim_files),
                        docs if docs.exists() else None)


def named_and_distinct(findings: pl.DataFrame, claim_files: pl.DataFrame | None = None) -> pl.DataFrame:
    """Findings (FINDING_COLUMNS) as flags with their rules' severity. Every flag names its article (a set-level
    rule comparing two articles gives the claim but no file: the claim's own article, from `claim_files`
    (claim_id, source_file), is filled in), and a flag raised twice on the same article and claim with the same
    message is kept once (the first)."""
    if claim_files is not None and findings.height:
        findings = (findings.join(claim_files.rename({"source_file": "claim_file"}), on="claim_id", how="left")
                    .with_columns(pl.coalesce("source_file", "claim_file").alias("source_file")))
    return (findings.unique(subset=["source_file", "claim_id", "flag", "message"], keep="first", maintain_order=True)
            .with_columns(pl.col("flag").replace_strict(severities(), return_dtype=pl.String).alias("severity"))
            .select(FLAG_COLUMNS))


def extraction_flags(findings: pl.DataFrame) -> pl.DataFrame:
    """Findings made while reading articles (staging.stg_findings), with the severity of their rule."""
    return named_and_distinct(findings.select(FINDING_COLUMNS).cast(FINDING_SCHEMA))


def file_flags(quarantined: list[tuple[str, str]], manifest_problems: list[str]) -> pl.DataFrame:
    """Flags about files rather than claims: each quarantined file (source_file, reason), each manifest problem."""
    rows = ([finding(Flag.QUARANTINED, sf, reason) for sf, reason in quarantined]
            + [finding(Flag.MANIFEST_PROBLEM, "manifest.csv", problem) for problem in manifest_problems])
    return named_and_distinct(pl.DataFrame(rows, schema=FINDING_SCHEMA))


def _rule_findings(offending: pl.DataFrame) -> pl.DataFrame:
    """The offending rows of set-level rules (dq.rule_rows) as findings: the rule is the flag."""
    return offending.rename({"rule": "flag"}).select(FINDING_COLUMNS)


os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def reevaluate_rules(con: duckdb.DuckDBPyConnection, run_id: str, params: dict[str, object]) -> int:
    """Re-run the set-level rules for run_id after an editor's decision (they compare dq.checked_claims, the
    claims not rejected) and replace the run's flags and staged_rules results of those rules; returns the
    number of rule flags. Without Great Expectations: the result of "no row of this rule" is the row count."""
    offending = rule_rows(con, params)
    flags = named_and_distinct(_rule_findings(offending), staging.claim_files(con))
    counts = dict(offending.group_by("rule").len().iter_rows())
    sql_rules = [r.flag for r in RULES if r.source == "sql"]
    results = [{"suite": "staged_rules", "rule": flag, "success": counts.get(flag, 0) == 0,
                "observed": json.dumps({"unexpected_count": int(counts.get(flag, 0)), "element_count": len(offending),
                                        "reevaluated": True})}
               for flag in sql_rules]
    dq.replace_rule_flags(con, run_id, sql_rules, flags, results)
    return flags.height

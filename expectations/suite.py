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

from expectations.rules import BY_FLAG, RULES, flagged
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
    flags: list[dict]     # one per offending row: source_file, claim_id, flag, severity, message, detail
    data_docs: Path | None


def rule_rows(con: duckdb.DuckDBPyConnection, params: dict[str, object]) -> pd.DataFrame:
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

    gx_root.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(gx_root))
    context.variables.progress_bars = {"globally": False, "metric_calculations": False, "profilers": False}
    context.variables.save()
    source = context.data_sources.add_or_update_pandas("staging")
    results: list[dict] = []
    flags: list[dict] = []

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
                        row = frame[frame["claim_id"] == cid].iloc[0] if cid is not None else None
                        flags.append(flagged(finding(meta["flag"], None if row is None else row["source_file"],
                                                     f"failed: {cfg.description}", cid)))

    suite_run("staged_claims", "stg_claims", claims, _column_expectations(gx, int(params["plausible_max_drones"])))
    rule_exps = [
        (r.flag, gx.expectations.ExpectColumnValuesToNotBeInSet(column="rule", value_set=[r.flag], description=f"{r.flag}: {r.description}"))
        for r in RULES if r.source == "sql"
    ]
    suite_run("staged_rules", "rule_rows", offending, rule_exps)
    for row in offending.itertuples(index=False):
        flags.append(_rule_flag(row))
    docs = gx_root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    files = dict(zip(claims["claim_id"], claims["source_file"])) if len(claims) else {}
    return CheckOutcome(results, named_and_distinct(flags, files), docs if docs.exists() else None)


def named_and_distinct(flags: list[dict], file_of_claim: dict[str, str]) -> list[dict]:
    """Every flag names its article (a set-level rule comparing two articles gives the claim but no file: the
    claim's own article is filled in), and a flag raised twice on the same article and claim with the same
    message is kept once."""
    seen: set[tuple] = set()
    out = []
    for f in flags:
        if f.get("source_file") is None and f.get("claim_id") is not None:
            f = {**f, "source_file": file_of_claim.get(f["claim_id"])}
        key = (f["source_file"], f["claim_id"], f["flag"], f["message"])
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def extraction_flags(findings: list[dict]) -> list[dict]:
    """Findings made while reading articles, with the severity of their rule."""
    return named_and_distinct([flagged(finding(row["flag"], row["source_file"], row["message"], row["claim_id"],
                                               row["detail"])) for row in findings], {})


def file_flags(quarantined: list[tuple[str, str]], manifest_problems: list[str]) -> list[dict]:
    """Flags about files rather than claims: each quarantined file (source_file, reason), each manifest problem."""
    return ([flagged(finding(Flag.QUARANTINED, sf, reason)) for sf, reason in quarantined]
            + [flagged(finding(Flag.MANIFEST_PROBLEM, "manifest.csv", problem)) for problem in manifest_problems])


def _rule_flag(row) -> dict:
    """One offending row of a set-level rule's SQL as a flag."""
    return flagged(finding(row.rule, _none_for_missing(row.source_file), row.message, _none_for_missing(row.claim_id),
                           _none_for_missing(row.detail)))


def _none_for_missing(value):
    """pandas turns SQL NULL in a text column into NaN; the flags table wants NULL."""
    return None if value is None or pd.isna(value) else value


os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def reevaluate_rules(con: duckdb.DuckDBPyConnection, run_id: str, params: dict[str, object]) -> int:
    """Re-run the set-level rules for run_id after an editor's decision (they compare dq.checked_claims, the
    claims not rejected) and replace the run's flags and staged_rules results of those rules; returns the
    number of rule flags. Without Great Expectations: the result of "no row of this rule" is the row count."""
    offending = rule_rows(con, params)
    claims = con.execute("SELECT claim_id, source_file FROM staging.stg_claims").fetchall()
    flags = named_and_distinct([_rule_flag(row) for row in offending.itertuples(index=False)], dict(claims))
    counts = offending["rule"].value_counts().to_dict() if len(offending) else {}
    sql_rules = [r.flag for r in RULES if r.source == "sql"]
    results = [{"suite": "staged_rules", "rule": flag, "success": counts.get(flag, 0) == 0,
                "observed": json.dumps({"unexpected_count": int(counts.get(flag, 0)), "element_count": len(offending),
                                        "reevaluated": True})}
               for flag in sql_rules]
    dq.replace_rule_flags(con, run_id, sql_rules, flags, results)
    return len(flags)

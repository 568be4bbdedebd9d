"""The values a claim's coded columns may take, and the claim's columns: defined once here.

The extractor writes these values, the Great Expectations suite checks them (its value sets come from
here), and `tests/unit/test_vocabulary.py` holds the warehouse DDL and the column comments to the same list."""
from __future__ import annotations

import json
from enum import StrEnum

import polars as pl


class Authority(StrEnum):
    MOD = "mod"              # the Russian Ministry of Defence
    GOVERNOR = "governor"    # the head of a region
    MAYOR = "mayor"
    OTHER = "other"          # an unnamed or other source


class Scope(StrEnum):
    TOTAL = "total"
    REGION = "region"


class Qualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"    # "more than 20"
    APPROX = "approx"        # "about 30", "dozens"


class Period(StrEnum):
    NIGHT = "night"
    DAY = "day"


class DatePrecision(StrEnum):
    DAY = "day"                        # stated, or anchored by a published date
    YEAR_INFERRED = "year_inferred"    # month and day stated, the year from --as-of
    NONE = "none"


class Severity(StrEnum):
    INFO = "info"      # recorded only
    WARN = "warn"      # published with its flag
    ERROR = "error"    # the claim fails: kept in marts.claims, left out of the daily tables


class Flag(StrEnum):
    """Every data-quality flag; each has one rule (severity and description) in expectations/rules.py."""
    # counts
    IMPLAUSIBLE_COUNT = "implausible_count"
    BREAKDOWN_SUM_MISMATCH = "breakdown_sum_mismatch"
    BREAKDOWN_PARTIAL = "breakdown_partial"
    AMBIGUOUS_COUNT = "ambiguous_count"
    RELAY_MISMATCH = "relay_mismatch"
    SOURCE_DISCREPANCY = "source_discrepancy"
    REGIONAL_SPIKE = "regional_spike"
    # time windows and dates
    WINDOW_MISMATCH = "window_mismatch"
    OVERLAPPING_WINDOWS = "overlapping_windows"
    DATE_UNRESOLVED = "date_unresolved"
    EVENT_AFTER_PUBLISHED = "event_after_published"
    EVENT_LONG_BEFORE_PUBLISHED = "event_long_before_published"
    PERIOD_INCONSISTENT = "period_inconsistent"
    WINDOW_INCOMPLETE = "window_incomplete"
    # names and places
    UNKNOWN_DISTRICT = "unknown_district"
    OFFICIAL_NAME_MISMATCH = "official_name_mismatch"
    REGION_UNRESOLVED = "region_unresolved"
    VALUE_OUT_OF_VOCABULARY = "value_out_of_vocabulary"
    # articles and files
    BOILERPLATE = "boilerplate"
    NOT_AN_ARTICLE = "not_an_article"
    DUPLICATE_ARTICLE = "duplicate_article"
    TEXT_REPAIRED = "text_repaired"
    QUARANTINED = "quarantined"
    MANIFEST_PROBLEM = "manifest_problem"


# A finding: one problem found about an article or a claim, before the checks give it its severity
# (staging.stg_findings; the checks' own flags are findings too).
FINDING_COLUMNS: dict[str, pl.DataType] = {
    "source_file": pl.String(), "claim_id": pl.String(), "flag": pl.String(), "message": pl.String(),
    "detail": pl.String(),
}


def finding(flag: Flag | str, source_file: str | None, message: str, claim_id: str | None = None,
            detail: dict | str | None = None) -> dict:
    """The one constructor of a finding row: the flag must be one of Flag; a dict detail is stored as JSON."""
    return {"source_file": source_file, "claim_id": claim_id, "flag": str(Flag(flag)), "message": message,
            "detail": detail if detail is None or isinstance(detail, str) else json.dumps(detail)}


def values(enum: type[StrEnum]) -> list[str]:
    return [str(m) for m in enum]


# The columns of one staged claim, in order: name -> Polars type. The extractor's frames use it as their schema;
# staging.stg_claims (warehouse/sql/20_staging.sql) has these columns plus the keys the warehouse derives.
CLAIM_COLUMNS: dict[str, pl.DataType] = {
    "claim_id": pl.String(), "source_file": pl.String(), "report_id": pl.String(), "authority": pl.String(),
    "official": pl.String(), "official_as_written": pl.String(), "scope": pl.String(), "region_code": pl.String(),
    "region_name": pl.String(), "districts": pl.List(pl.String()), "drones": pl.Int32(), "qualifier": pl.String(),
    "window_start_local": pl.Time(), "window_end_local": pl.Time(), "window_start_utc": pl.Datetime("us"),
    "window_end_utc": pl.Datetime("us"), "event_date": pl.Date(), "date_precision": pl.String(), "period": pl.String(),
    "evidence": pl.String(), "char_start": pl.Int32(), "char_end": pl.Int32(), "published_date": pl.Date(),
    "from_channel": pl.Boolean(),
}

# the coded columns and the values each may hold
CODED_COLUMNS: dict[str, type[StrEnum]] = {
    "authority": Authority, "scope": Scope, "qualifier": Qualifier, "period": Period, "date_precision": DatePrecision,
}

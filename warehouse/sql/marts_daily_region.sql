-- marts.daily_region: drones claimed per Moscow day, region and authority.
-- A figure relayed by several articles counts once: claims with the same claim_key (authority,
-- official, day, window, period, scope, region, figure) are one report of that figure.
-- periods and report_keys say which statements were summed (a night and a day statement of one authority
-- add up here); marts.statement_region has one row per statement and region, to compare statements.
CREATE OR REPLACE TABLE marts.daily_region AS
WITH eligible AS (
    SELECT *
    FROM marts.claims
    WHERE dq_status <> 'fail' AND scope = 'region' AND event_date IS NOT NULL
      -- the authority's own post is the source: its relays of the same statement are not counted again
      AND NOT (NOT coalesce(from_channel, false) AND EXISTS (
          SELECT 1 FROM marts.claims AS o
          WHERE o.from_channel AND o.dq_status <> 'fail' AND o.authority = marts.claims.authority
            AND coalesce(o.official, '') = coalesce(marts.claims.official, '') AND o.event_date = marts.claims.event_date
            AND coalesce(o.period, '?') = coalesce(marts.claims.period, '?')))
),
distinct_reports AS (
    SELECT event_date, region_code, authority, claim_key,
           any_value(region_name) AS region_name,
           any_value(period) AS period,
           any_value(report_key) AS report_key,
           any_value(drones) AS drones,
           list(DISTINCT source_file) AS source_files,
           bool_or(dq_status = 'warn') AS flagged,
           bool_or(list_contains(flags, 'overlapping_windows')) AS overlapping,
           bool_or(qualifier <> 'exact') AS inexact
    FROM eligible
    GROUP BY event_date, region_code, authority, claim_key
)
SELECT
    event_date,
    region_code,
    any_value(region_name) AS region_name,
    authority,
    sum(drones)::INTEGER AS drones,
    count(*)::INTEGER AS n_reports,
    length(list_distinct(flatten(list(source_files))))::INTEGER AS n_articles,
    bool_or(flagged) AS has_flagged_claims,
    bool_or(overlapping) AS has_overlapping_windows,
    bool_or(inexact) AS has_inexact_figures,
    list(DISTINCT period ORDER BY period) FILTER (WHERE period IS NOT NULL) AS periods,
    list(DISTINCT report_key ORDER BY report_key) AS report_keys
FROM distinct_reports
GROUP BY event_date, region_code, authority
ORDER BY event_date, region_code, authority;

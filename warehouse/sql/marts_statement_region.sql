-- marts.statement_region: one row per regional figure of a statement (claim_key: authority, official, day,
-- window, period, region, figure), however many articles relay it. Compare authorities statement by
-- statement here (same day and period), not in marts.daily_region, which sums a day's statements.
CREATE OR REPLACE TABLE marts.statement_region AS
SELECT
    event_date,
    period,
    authority,
    any_value(official) AS official,
    report_key,
    region_code,
    any_value(region_name) AS region_name,
    any_value(drones)::INTEGER AS drones,
    any_value(qualifier) AS qualifier,
    any_value(window_start_local) AS window_start_local,
    any_value(window_end_local) AS window_end_local,
    count(DISTINCT source_file)::INTEGER AS n_articles,
    bool_or(dq_status = 'warn') AS has_flagged_claims,
    claim_key
FROM marts.claims
WHERE dq_status <> 'fail' AND scope = 'region' AND event_date IS NOT NULL
GROUP BY event_date, period, authority, report_key, region_code, claim_key
ORDER BY event_date, region_code, authority, period NULLS LAST, report_key, drones;

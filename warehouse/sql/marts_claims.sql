-- marts.claims: one row per claim, including claims that failed checks (dq_status = 'fail').
-- Status comes from this run's flags: an error on the claim (or on its whole article) fails it,
-- a warning marks it; editors' decisions (dq.decisions) can accept or reject a flagged claim.
-- Parameter: the run whose flags and decisions apply (in the shell: SET VARIABLE run_id = 'run-...';).
CREATE OR REPLACE TABLE marts.claims AS
WITH run_flags AS (   -- two equi-joins, not one OR-join (which DuckDB runs as a nested loop)
    SELECT f.claim_id, f.flag, f.severity
    FROM dq.flags AS f
    WHERE f.run_id = getvariable('run_id') AND f.claim_id IS NOT NULL
    UNION ALL
    SELECT c.claim_id, f.flag, f.severity
    FROM staging.stg_claims AS c
    JOIN dq.flags AS f
      ON f.run_id = getvariable('run_id') AND f.claim_id IS NULL AND f.severity = 'error' AND f.source_file = c.source_file
),
flag_status AS (
    SELECT claim_id,
           CASE WHEN bool_or(severity = 'error') THEN 'fail'
                WHEN bool_or(severity = 'warn') THEN 'warn'
                ELSE 'ok' END AS flag_status,
           list(DISTINCT flag ORDER BY flag) AS flags
    FROM run_flags
    GROUP BY claim_id
),
decisions AS (
    SELECT claim_id, decision, editor, reason
    FROM dq.applied_decisions
    WHERE run_id = getvariable('run_id')
)
SELECT
    c.claim_id,
    c.source_file,
    c.authority,
    c.official,
    c.scope,
    c.region_code,
    c.region_name,
    c.districts,
    c.drones,
    c.qualifier,
    c.window_start_local,
    c.window_end_local,
    c.window_start_utc,
    c.window_end_utc,
    c.event_date,
    c.date_precision,
    c.period,
    c.evidence,
    c.char_start,
    c.char_end,
    CASE WHEN d.decision = 'reject' THEN 'fail'
         WHEN d.decision = 'accept' THEN 'ok'
         ELSE coalesce(s.flag_status, 'ok') END AS dq_status,
    coalesce(s.flags, []::VARCHAR[]) AS flags,
    d.decision AS editor_decision,
    c.report_id,
    c.report_key,
    c.claim_key,
    c.official_as_written,
    c.published_date,
    c.from_channel
FROM staging.stg_claims AS c
LEFT JOIN flag_status AS s USING (claim_id)
LEFT JOIN decisions AS d USING (claim_id)
ORDER BY c.source_file, c.char_start, c.region_code NULLS FIRST;

-- marts.daily_totals: per Moscow day and authority, the overall figures claimed, what of them was
-- itemised by region, and what was left unattributed. NULL means "not reported", never zero.
CREATE OR REPLACE TABLE marts.daily_totals AS
WITH eligible AS (
    SELECT *
    FROM marts.claims
    WHERE dq_status <> 'fail' AND event_date IS NOT NULL
      -- the authority's own post is the source: its relays of the same statement are not counted again
      AND NOT (NOT coalesce(from_channel, false) AND EXISTS (
          SELECT 1 FROM marts.claims AS o
          WHERE o.from_channel AND o.dq_status <> 'fail' AND o.authority = marts.claims.authority
            AND coalesce(o.official, '') = coalesce(marts.claims.official, '') AND o.event_date = marts.claims.event_date
            AND coalesce(o.period, '?') = coalesce(marts.claims.period, '?')))
),
itemised_per_article_report AS (
    SELECT report_id, sum(drones) AS itemised
    FROM eligible
    WHERE scope = 'region'
    GROUP BY report_id
),
distinct_totals AS (  -- one row per overall figure, however many articles relay it
    SELECT e.event_date, e.authority, e.claim_key,
           any_value(e.drones) AS total,
           max(coalesce(i.itemised, 0)) AS itemised_in_report,
           bool_or(e.dq_status = 'warn') AS flagged,
           bool_or(list_contains(e.flags, 'overlapping_windows')) AS overlapping
    FROM eligible AS e
    LEFT JOIN itemised_per_article_report AS i USING (report_id)
    WHERE e.scope = 'total'
    GROUP BY e.event_date, e.authority, e.claim_key
),
distinct_regional AS (
    SELECT event_date, authority, claim_key, any_value(drones) AS drones,
           bool_or(dq_status = 'warn') AS flagged,
           bool_or(list_contains(flags, 'overlapping_windows')) AS overlapping
    FROM eligible
    WHERE scope = 'region'
    GROUP BY event_date, authority, claim_key
),
days AS (
    SELECT DISTINCT event_date, authority FROM eligible
),
t AS (
    SELECT event_date, authority,
           sum(total)::INTEGER AS total_drones,
           sum(greatest(total - itemised_in_report, 0))::INTEGER AS unattributed_drones,
           count(*)::INTEGER AS n_totals,
           bool_or(flagged) AS flagged, bool_or(overlapping) AS overlapping
    FROM distinct_totals GROUP BY event_date, authority
),
r AS (
    SELECT event_date, authority, sum(drones)::INTEGER AS itemised_drones,
           bool_or(flagged) AS flagged, bool_or(overlapping) AS overlapping
    FROM distinct_regional GROUP BY event_date, authority
),
n AS (
    SELECT event_date, authority, count(DISTINCT report_key)::INTEGER AS n_reports,
           count(DISTINCT source_file)::INTEGER AS n_articles
    FROM eligible GROUP BY event_date, authority
)
SELECT
    d.event_date,
    d.authority,
    t.total_drones,
    r.itemised_drones,
    t.unattributed_drones,
    n.n_reports,
    n.n_articles,
    coalesce(t.flagged, false) OR coalesce(r.flagged, false) AS has_flagged_claims,
    coalesce(t.overlapping, false) OR coalesce(r.overlapping, false) AS has_overlapping_windows
FROM days AS d
LEFT JOIN t USING (event_date, authority)
LEFT JOIN r USING (event_date, authority)
LEFT JOIN n USING (event_date, authority)
ORDER BY d.event_date, d.authority;

-- Two statements of one authority whose windows overlap in time (on one day, or an evening window
-- and the night window that starts before it ends): summing them may count the same drones twice. Overlaps between two articles' statements carry no source_file.
WITH r AS (
    SELECT DISTINCT report_key, source_file, authority, coalesce(official, '') AS official, event_date,
           window_start_utc, window_end_utc
    FROM dq.checked_claims
    WHERE window_start_utc IS NOT NULL AND event_date IS NOT NULL
),
overlapping_pairs AS (
    SELECT a.report_key, a.source_file, b.source_file AS other_file, a.window_start_utc AS s, a.window_end_utc AS e,
           b.window_start_utc AS os, b.window_end_utc AS oe
    FROM r AS a JOIN r AS b
      ON a.authority = b.authority AND a.official = b.official
     AND a.report_key <> b.report_key
     AND a.window_start_utc < b.window_end_utc AND b.window_start_utc < a.window_end_utc
)
SELECT DISTINCT CASE WHEN o.source_file = o.other_file THEN c.source_file END AS source_file, c.claim_id,
       format('window {}-{} MSK overlaps another statement''s {}-{} MSK',
              strftime(o.s + INTERVAL 3 HOUR, '%H:%M'), strftime(o.e + INTERVAL 3 HOUR, '%H:%M'),
              strftime(o.os + INTERVAL 3 HOUR, '%H:%M'), strftime(o.oe + INTERVAL 3 HOUR, '%H:%M')) AS message,
       json_object('other_window', strftime(o.os + INTERVAL 3 HOUR, '%H:%M') || '-' || strftime(o.oe + INTERVAL 3 HOUR, '%H:%M')) AS detail
FROM overlapping_pairs AS o JOIN dq.checked_claims AS c ON c.report_key = o.report_key AND c.source_file = o.source_file

-- Each Moscow day with its status: 'held back' (an open error on a claim of the day: those claims are out of
-- the daily tables until an editor decides), 'needs review' (open warnings), 'publishable' (nothing open);
-- why (the open flags by code), and whether the run touched it (a claim of tonight's articles is dated to it).
-- Claims without a date are one row with event_date NULL.
WITH tonight AS (SELECT a.source_file FROM raw.articles AS a WHERE a.run_id = getvariable('run_id')),
claims AS (
    SELECT c.claim_id, c.event_date, c.source_file, c.editor_decision, c.dq_status,
           c.source_file IN (SELECT t.source_file FROM tonight AS t) AS tonight
    FROM marts.claims AS c
),
open_flags AS (
    SELECT f.event_date, f.flag, f.severity, count(*) AS n
    FROM dq.run_flags AS f
    WHERE f.run_id = getvariable('run_id') AND f.open AND f.claim_id IS NOT NULL
    GROUP BY ALL
),
why AS (
    SELECT event_date, sum(n) AS open_flags, sum(n) FILTER (WHERE severity = 'error') AS open_errors,
           string_agg(flag || ' ' || n, ', ' ORDER BY severity, n DESC, flag) AS reasons
    FROM open_flags GROUP BY event_date
)
SELECT c.event_date,
       bool_or(c.tonight) AS touched_tonight,
       count(*) AS claims,
       count(*) FILTER (WHERE c.tonight) AS claims_tonight,
       count(DISTINCT c.source_file) AS articles,
       count(*) FILTER (WHERE c.editor_decision = 'reject') AS rejected,
       count(*) FILTER (WHERE c.dq_status = 'fail') AS held_back,
       coalesce(any_value(w.open_flags), 0) AS open_flags,
       coalesce(any_value(w.open_errors), 0) AS open_errors,
       any_value(w.reasons) AS reasons,
       CASE WHEN c.event_date IS NULL THEN 'held back'
            WHEN coalesce(any_value(w.open_errors), 0) > 0 THEN 'held back'
            WHEN coalesce(any_value(w.open_flags), 0) > 0 THEN 'needs review'
            ELSE 'publishable' END AS status
FROM claims AS c
LEFT JOIN why AS w ON w.event_date IS NOT DISTINCT FROM c.event_date
GROUP BY c.event_date
ORDER BY c.event_date DESC NULLS FIRST;

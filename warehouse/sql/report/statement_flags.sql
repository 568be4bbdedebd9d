-- The run's warnings and errors, grouped by statement (a report and its breakdown: report_id) and, for
-- article-level flags, by article (column `statement`); statements newest day first, each statement's rows
-- together (so that the archive can be written page by page as the rows are read). One row per flag, with
-- its claim in words' columns, whether it is new tonight, its decision, and `tonight` (its article arrived in
-- this run). The report shows the rows of tonight's articles and new flags on its first page
-- (tonight_only) and pages through the rest.
WITH tonight AS (SELECT a.source_file FROM raw.articles AS a WHERE a.run_id = getvariable('run_id')),
previous AS (
    SELECT r.run_id FROM dq.runs AS r
    WHERE r.outcome = 'published' AND r.run_id <> getvariable('run_id')
      AND r.started_at < (SELECT t.started_at FROM dq.runs AS t WHERE t.run_id = getvariable('run_id'))
    ORDER BY r.started_at DESC LIMIT 1
),
flag_rows AS (
    SELECT coalesce(f.report_id, f.source_file || '#article') AS statement, f.source_file, f.report_id,
           f.claim_id, f.flag, f.severity, f.message, f.detail, f.decision, f.decided_by, f.decision_id, f.open,
           f.source_file IN (SELECT t.source_file FROM tonight AS t) AS tonight,
           NOT EXISTS (
               SELECT 1 FROM dq.flags AS p
               WHERE p.run_id = (SELECT pr.run_id FROM previous AS pr) AND p.flag = f.flag
                 AND p.claim_id IS NOT DISTINCT FROM f.claim_id AND p.message = f.message
                 AND coalesce(p.source_file, '') = coalesce(f.source_file, p.source_file, '')
           ) AS new,
           coalesce(c.event_date, s.published_date) AS day,
           c.authority, c.official, c.scope, c.region_name, c.drones, c.qualifier, c.window_start_local,
           c.window_end_local, c.event_date, c.period, c.evidence, c.char_start, c.char_end, c.dq_status,
           instr(s.clean_text, c.evidence) - 1 AS sentence_start
    FROM dq.run_flags AS f
    LEFT JOIN marts.claims AS c ON c.claim_id = f.claim_id
    LEFT JOIN staging.stg_articles AS s ON s.source_file = f.source_file
    WHERE f.run_id = getvariable('run_id') AND f.severity IN ('warn', 'error') AND f.flag <> 'quarantined'
),
ranked AS (
    SELECT r.*, max(r.day) OVER (PARTITION BY r.statement) AS statement_day FROM flag_rows AS r
)
-- tonight_only (unset: false): only the statements with a row of tonight's articles or a new flag
SELECT r.* EXCLUDE (r.statement_day)
FROM ranked AS r
WHERE NOT coalesce(getvariable('tonight_only'), false)
   OR r.statement IN (SELECT t.statement FROM flag_rows AS t WHERE t.tonight OR t.new)
ORDER BY r.statement_day DESC NULLS LAST, r.statement, r.day DESC NULLS LAST, r.source_file, r.char_start NULLS FIRST,
         r.claim_id, CASE r.severity WHEN 'error' THEN 0 ELSE 1 END, r.flag, r.message;

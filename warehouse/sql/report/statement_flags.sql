-- The run's warnings and errors, grouped by statement (a report and its breakdown: report_id) and, for
-- article-level flags, by article; newest day first. One row per flag, with its claim in words' columns,
-- whether it is new tonight, its decision, and `tonight` (its article arrived in this run). The report
-- shows the rows of tonight's articles and new flags on its first page and pages through the rest.
WITH tonight AS (SELECT source_file FROM raw.articles WHERE run_id = getvariable('run_id')),
previous AS (
    SELECT run_id FROM dq.runs
    WHERE outcome = 'published' AND run_id <> getvariable('run_id')
      AND started_at < (SELECT started_at FROM dq.runs WHERE run_id = getvariable('run_id'))
    ORDER BY started_at DESC LIMIT 1
)
SELECT f.source_file, f.report_id, f.claim_id, f.flag, f.severity, f.message, f.detail, f.decision, f.decided_by,
       f.decision_id, f.open,
       f.source_file IN (SELECT source_file FROM tonight) AS tonight,
       NOT EXISTS (
           SELECT 1 FROM dq.flags AS p
           WHERE p.run_id = (SELECT run_id FROM previous) AND p.flag = f.flag
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
ORDER BY day DESC NULLS LAST, coalesce(f.report_id, f.source_file || '#article'), f.source_file,
         c.char_start NULLS FIRST, f.claim_id, CASE f.severity WHEN 'error' THEN 0 ELSE 1 END, f.flag, f.message;

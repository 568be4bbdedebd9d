-- How many statements (and, for article-level flags, articles) statement_flags.sql groups the run's warnings
-- and errors into: the number of groups the archive pages list, known before they are written.
SELECT count(DISTINCT coalesce(f.report_id, f.source_file || '#article')) AS n
FROM dq.run_flags AS f
WHERE f.run_id = getvariable('run_id') AND f.severity IN ('warn', 'error') AND f.flag <> 'quarantined';

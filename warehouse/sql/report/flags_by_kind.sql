-- The run's flags per kind: how many rows, how many articles, how many open; the most severe and most
-- frequent first (ties by name, so the page of one warehouse reads the same each time).
SELECT flag, severity, count(*) AS n, count(DISTINCT source_file) AS files, count(*) FILTER (WHERE open) AS open
FROM dq.run_flags
WHERE run_id = getvariable('run_id')
GROUP BY flag, severity
ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, n DESC, flag;

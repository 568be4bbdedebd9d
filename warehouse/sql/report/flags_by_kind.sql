-- The run's flags per kind: how many rows and how many articles, the most severe and most frequent first
-- (ties by name, so the page of one warehouse reads the same each time).
SELECT flag, severity, count(*) AS n, count(DISTINCT source_file) AS files
FROM dq.flags
WHERE run_id = getvariable('run_id')
GROUP BY flag, severity
ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, n DESC, flag;

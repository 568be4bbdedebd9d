-- Article-level findings (no claim) of the articles that arrived in this run, info included (boilerplate
-- removed, not an article); quarantined files have a section of their own.
SELECT f.flag, f.severity, f.source_file, f.message, f.open, f.decision
FROM dq.run_flags AS f
WHERE f.run_id = getvariable('run_id') AND f.claim_id IS NULL AND f.flag <> 'quarantined'
  AND (f.source_file IN (SELECT a.source_file FROM raw.articles AS a WHERE a.run_id = getvariable('run_id'))
       OR f.source_file NOT IN (SELECT h.source_file FROM raw.articles AS h))
ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, f.flag, f.source_file, f.message;

-- Which claims are held back from the daily tables or published with warnings, and why?
SELECT c.dq_status, f.flag, f.severity, c.source_file, c.authority, c.region_name, c.drones, f.message
FROM marts.claims AS c
JOIN dq.flags AS f ON f.claim_id = c.claim_id
WHERE c.dq_status <> 'ok'
  AND f.run_id = (SELECT run_id FROM dq.runs WHERE outcome = 'published' ORDER BY finished_at DESC LIMIT 1)
ORDER BY c.dq_status, f.severity, f.flag, c.source_file;

-- Published claims with a warning or an error from the last published run, one row per claim with its flags:
-- what `skytally review` lists (claims an editor has decided on are left out by the caller, who reads the
-- decisions file).
SELECT c.claim_id, c.dq_status, list(DISTINCT f.flag ORDER BY f.flag) AS flags, c.source_file, c.authority,
       coalesce(c.region_name, 'total') AS region, c.drones, c.evidence
FROM marts.claims AS c
JOIN dq.flags AS f ON f.claim_id = c.claim_id
WHERE f.run_id = (SELECT r.run_id FROM dq.runs AS r WHERE r.outcome = 'published' ORDER BY r.finished_at DESC LIMIT 1)
  AND f.severity <> 'info'
GROUP BY ALL
ORDER BY c.dq_status, c.source_file, c.claim_id;

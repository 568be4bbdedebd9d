-- The open flags of the latest published run (dq.latest_flags WHERE open: the count the report and the run's
-- summary give), with the claim they are on: what `skytally review` lists, grouped by statement, newest day first.
SELECT f.event_date, f.report_id, f.source_file, f.claim_id, f.flag, f.severity, f.message,
       c.authority, coalesce(c.region_name, CASE WHEN c.claim_id IS NOT NULL THEN 'total' END) AS region, c.drones
FROM dq.latest_flags AS f
LEFT JOIN staging.stg_claims AS c USING (claim_id)
WHERE f.open
ORDER BY f.event_date DESC NULLS LAST, f.report_id NULLS LAST, f.source_file, c.char_start NULLS FIRST, f.claim_id,
         f.flag, f.message;

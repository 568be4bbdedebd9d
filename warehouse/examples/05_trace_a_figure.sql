-- Trace a daily figure back to its sentences: every claim behind the ministry's Bryansk figures.
SELECT d.event_date, d.drones AS daily_drones, c.drones, c.window_start_local, c.window_end_local,
       c.source_file, c.evidence
FROM marts.daily_region AS d
JOIN marts.claims AS c
  ON c.event_date = d.event_date AND c.region_code = d.region_code AND c.authority = d.authority
WHERE d.region_code = 'RU-BRY' AND d.authority = 'mod' AND c.dq_status <> 'fail'
ORDER BY d.event_date, c.source_file;

-- Per day, how much of the ministry's overall figure was not attributed to any region?
SELECT event_date, total_drones, itemised_drones, unattributed_drones,
       round(100.0 * unattributed_drones / nullif(total_drones, 0), 1) AS unattributed_pct,
       has_overlapping_windows
FROM marts.daily_totals
WHERE authority = 'mod' AND total_drones IS NOT NULL
ORDER BY event_date;

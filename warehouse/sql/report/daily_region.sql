-- The chart's data: drones claimed per Moscow day, region and authority.
SELECT event_date, region_name, authority, drones, n_reports
FROM marts.daily_region
ORDER BY event_date;

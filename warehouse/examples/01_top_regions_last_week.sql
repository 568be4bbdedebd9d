-- Which regions did the ministry claim the most drones over, in the last 7 days of data?
WITH last_day AS (SELECT max(event_date) AS d FROM marts.daily_region WHERE authority = 'mod')
SELECT region_name, sum(drones) AS drones, sum(n_reports) AS reports, bool_or(has_flagged_claims) AS any_flagged
FROM marts.daily_region, last_day
WHERE authority = 'mod' AND event_date > last_day.d - 7
GROUP BY region_name
ORDER BY drones DESC, region_name
LIMIT 10;

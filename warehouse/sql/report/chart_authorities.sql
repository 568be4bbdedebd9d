-- The second chart's data: drones claimed per night (Moscow day) by each authority over the last 60 days of
-- data: its overall figure, or the sum of its regional figures when it gave no overall one.
WITH last_day AS (SELECT max(event_date) AS d FROM marts.daily_totals)
SELECT t.event_date, t.authority, coalesce(t.total_drones, t.itemised_drones) AS drones,
       t.total_drones IS NULL AS itemised_only
FROM marts.daily_totals AS t, last_day
WHERE t.event_date > last_day.d - 60 AND coalesce(t.total_drones, t.itemised_drones) IS NOT NULL
ORDER BY t.event_date, t.authority;

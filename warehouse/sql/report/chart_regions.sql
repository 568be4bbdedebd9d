-- The first chart's data: per day of the last 60 days of data and region, the highest figure any authority
-- claims (marts.daily_envelope), and the authorities' figures.
WITH last_day AS (SELECT max(event_date) AS d FROM marts.daily_envelope)
SELECT e.event_date, e.region_name, e.high_drones, e.low_drones, e.n_authorities, e.authorities_agree,
       e.high_authority
FROM marts.daily_envelope AS e, last_day
WHERE e.event_date > last_day.d - 60
ORDER BY e.event_date, e.region_name;

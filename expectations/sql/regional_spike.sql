-- A region's figure for a day far above its level over the previous 14 days (at least 3 days known).
-- It compares articles with each other, so the row names the claim but no single article.
-- Parameter: SET VARIABLE spike_factor = 5.0;  (the setting SKYTALLY_SPIKE_FACTOR)
WITH daily AS (
    SELECT region_code, event_date, authority, max(drones) AS drones
    FROM dq.checked_claims
    WHERE scope = 'region' AND event_date IS NOT NULL
    GROUP BY ALL
),
history AS (
    SELECT d.region_code, d.event_date, d.authority, d.drones,
           (SELECT avg(h.drones) FROM daily AS h
             WHERE h.region_code = d.region_code AND h.authority = d.authority
               AND h.event_date < d.event_date AND h.event_date >= d.event_date - 14) AS mean_before,
           (SELECT count(*) FROM daily AS h
             WHERE h.region_code = d.region_code AND h.authority = d.authority
               AND h.event_date < d.event_date AND h.event_date >= d.event_date - 14) AS days_before
    FROM daily AS d
)
SELECT NULL AS source_file, c.claim_id,
       format('{} ({}) over {} is more than {}x the mean of the previous 14 days ({})', c.drones, c.source_file, c.region_name, getvariable('spike_factor'), round(h.mean_before, 1)) AS message,
       json_object('drones', c.drones, 'mean_before', round(h.mean_before, 1), 'days', h.days_before) AS detail
FROM history AS h
JOIN dq.checked_claims AS c USING (region_code, event_date, authority)
WHERE h.days_before >= 3 AND c.drones > getvariable('spike_factor') * h.mean_before AND c.drones >= 10

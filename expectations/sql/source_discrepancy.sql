-- Two authorities give different figures for the same region and period: the same Moscow day, or
-- (when neither date is known) the same article. Both claims are flagged. A discrepancy between two
-- articles belongs to neither alone: its rows carry the claim but no source_file (the message names both).
WITH c AS (
    SELECT * FROM staging.stg_claims WHERE scope = 'region' AND qualifier = 'exact'
),
pairs AS (
    SELECT a.source_file, a.claim_id, a.authority, a.drones, b.authority AS other_authority, b.drones AS other_drones,
           b.source_file AS other_file, a.region_name
    FROM c AS a JOIN c AS b
      ON a.region_code = b.region_code
     AND a.authority <> b.authority
     AND a.drones <> b.drones
     AND coalesce(a.period, '?') = coalesce(b.period, '?')
     AND ((a.event_date = b.event_date) OR (a.event_date IS NULL AND b.event_date IS NULL AND a.source_file = b.source_file))
     AND (a.window_end_local IS NULL OR b.window_end_local IS NULL OR a.window_end_local = b.window_end_local
          OR a.authority IN ('governor', 'mayor') OR b.authority IN ('governor', 'mayor'))
)
SELECT CASE WHEN source_file = other_file THEN source_file END AS source_file, claim_id,
       format('{} says {} over {}; {} says {} ({})', authority, drones, region_name, other_authority, other_drones, other_file) AS message,
       json_object('drones', drones, 'other_authority', other_authority, 'other_drones', other_drones, 'other_file', other_file) AS detail
FROM pairs

-- An outlet's relay gives another figure than the authority's own post for the same statement (authority,
-- official, day, period, scope, region): the relay claim is flagged, the message names both side by side.
-- The original is a claim from the authority's channel (staging.stg_claims.from_channel).
WITH c AS (
    SELECT claim_id, source_file, authority, coalesce(official, '') AS off, event_date, coalesce(period, '?') AS p,
           scope, coalesce(region_code, '') AS region, region_name, drones, from_channel
    FROM staging.stg_claims
    WHERE event_date IS NOT NULL AND qualifier = 'exact'
),
originals AS (
    SELECT authority, off, event_date, p, scope, region, list(DISTINCT drones ORDER BY drones) AS figs,
           min(source_file) AS original_file
    FROM c
    WHERE from_channel
    GROUP BY authority, off, event_date, p, scope, region
)
SELECT r.source_file, r.claim_id,
       format('the relay says {} ({}); the {} post itself says {} ({})', r.drones, coalesce(r.region_name, 'total'),
              r.authority, array_to_string(o.figs, ' or '), o.original_file) AS message,
       json_object('relay', r.drones, 'original', o.figs, 'original_file', o.original_file) AS detail
FROM c AS r
JOIN originals AS o
  ON o.authority = r.authority AND o.off = r.off AND o.event_date = r.event_date AND o.p = r.p
 AND o.scope = r.scope AND o.region = r.region
WHERE NOT r.from_channel AND NOT list_contains(o.figs, r.drones)

-- A figure far above the largest ever reported is an error, not a record (bound: a setting).
SELECT source_file, claim_id,
       format('{} drones is above the plausibility bound of {}', drones, {{plausible_max_drones}}) AS message,
       json_object('drones', drones, 'bound', {{plausible_max_drones}}) AS detail
FROM staging.stg_claims
WHERE drones > {{plausible_max_drones}} OR drones <= 0

-- A figure far above the largest ever reported is an error, not a record (bound: a setting).
-- Parameter: SET VARIABLE plausible_max_drones = 1000;  (the setting SKYTALLY_PLAUSIBLE_MAX_DRONES)
SELECT source_file, claim_id,
       format('{} drones is above the plausibility bound of {}', drones, getvariable('plausible_max_drones')) AS message,
       json_object('drones', drones, 'bound', getvariable('plausible_max_drones')) AS detail
FROM dq.checked_claims
WHERE drones > getvariable('plausible_max_drones') OR drones <= 0

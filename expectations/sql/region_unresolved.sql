-- A regional claim whose region did not resolve to a code.
SELECT source_file, claim_id, 'region claim without a resolved region code' AS message, NULL AS detail
FROM dq.checked_claims
WHERE scope = 'region' AND (region_code IS NULL OR region_name IS NULL)

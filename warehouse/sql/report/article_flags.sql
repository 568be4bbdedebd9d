-- Every flag of the run not shown with its claim in flagged_claims.sql (so none drops out of the report):
-- article-level findings, and flags whose claim_id matches no claim (they would vanish in that join).
-- Quarantined files have a section of their own.
SELECT flag, severity, source_file, message
FROM dq.flags AS f
WHERE run_id = getvariable('run_id')
  AND flag <> 'quarantined'
  AND (claim_id IS NULL OR NOT EXISTS (SELECT 1 FROM marts.claims AS c WHERE c.claim_id = f.claim_id))
ORDER BY flag, source_file, message;

-- Editors' decisions as this run applied them ('applied', or 'orphaned' when the claim no longer exists).
SELECT claim_id, decision, editor, reason, decided_at, status
FROM dq.applied_decisions
WHERE run_id = getvariable('run_id')
ORDER BY claim_id;

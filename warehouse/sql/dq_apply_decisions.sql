-- A run's dq.applied_decisions: the decision in force on each staged claim ('applied'; marts.claims reads
-- them), and decisions in force whose target the warehouse no longer holds ('orphaned', target in claim_id).
-- Parameter: SET VARIABLE run_id = 'run-...';
DELETE FROM dq.applied_decisions WHERE run_id = getvariable('run_id');
INSERT INTO dq.applied_decisions (run_id, claim_id, decision, editor, reason, decided_at, status, decision_id, target_kind)
SELECT getvariable('run_id'), claim_id, decision, editor, reason, decided_at, 'applied', decision_id, target_kind
FROM dq.claim_decisions
UNION ALL
SELECT getvariable('run_id'), d.target, d.decision, d.editor, d.reason, d.decided_at, 'orphaned', d.decision_id, d.target_kind
FROM dq.decisions_in_force AS d
WHERE NOT (
    (d.target_kind = 'claim' AND d.target IN (SELECT c.claim_id FROM staging.stg_claims AS c))
    OR (d.target_kind = 'statement' AND (d.target IN (SELECT c.report_id FROM staging.stg_claims AS c)
                                         OR d.target IN (SELECT c.report_key FROM staging.stg_claims AS c)))
    OR (d.target_kind = 'article' AND (d.target IN (SELECT a.source_file FROM raw.articles AS a)
                                       OR d.target IN (SELECT q.source_file FROM raw.quarantine AS q)))
);

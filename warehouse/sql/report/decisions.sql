-- Editors' decisions, the latest first (dq.decisions, append-only), with whether each is in force and how many
-- claims of this run it applies to.
SELECT d.decision_id, d.decided_at, d.editor, d.action, d.target_kind, d.target, d.undoes, d.reason, d.origin,
       d.decision_id IN (SELECT i.decision_id FROM dq.decisions_in_force AS i) AS in_force,
       (SELECT count(*) FROM dq.applied_decisions AS a
         WHERE a.run_id = getvariable('run_id') AND a.decision_id = d.decision_id AND a.status = 'applied') AS claims,
       (SELECT count(*) FROM dq.applied_decisions AS a
         WHERE a.run_id = getvariable('run_id') AND a.decision_id = d.decision_id AND a.status = 'orphaned') > 0 AS orphaned
FROM dq.decisions AS d
ORDER BY d.decision_id DESC;

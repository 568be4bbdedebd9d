-- A run whose input and check code are those of the latest published run (dq_checks_input.sql) takes that
-- run's results as its own, rather than running every check again over an unchanged warehouse: its flags,
-- expectation results and applied decisions, under its own run_id. The marts it would rebuild are the ones
-- published already.
-- Parameters: SET VARIABLE run_id = 'run-new'; SET VARIABLE from_run = 'run-old';
DELETE FROM dq.flags WHERE run_id = getvariable('run_id');
DELETE FROM dq.expectation_results WHERE run_id = getvariable('run_id');
DELETE FROM dq.applied_decisions WHERE run_id = getvariable('run_id');
INSERT INTO dq.flags BY NAME
SELECT * REPLACE (getvariable('run_id') AS run_id) FROM dq.flags WHERE run_id = getvariable('from_run');
INSERT INTO dq.expectation_results BY NAME
SELECT * REPLACE (getvariable('run_id') AS run_id) FROM dq.expectation_results WHERE run_id = getvariable('from_run');
INSERT INTO dq.applied_decisions BY NAME
SELECT * REPLACE (getvariable('run_id') AS run_id) FROM dq.applied_decisions WHERE run_id = getvariable('from_run');
UPDATE dq.runs SET checks_from = getvariable('from_run') WHERE run_id = getvariable('run_id');

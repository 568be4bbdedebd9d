-- The Great Expectations results of the run, failures first within each suite.
SELECT suite, rule, severity, success, description, observed
FROM dq.expectation_results
WHERE run_id = getvariable('run_id')
ORDER BY suite, success, rule;

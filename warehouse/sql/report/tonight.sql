-- What arrived tonight (the run's new or changed files) and what stands open, for the top of the report.
-- open_flags is dq.run_flags WHERE open: the count `skytally review` and the run's summary give.
WITH tonight AS (SELECT a.source_file FROM raw.articles AS a WHERE a.run_id = getvariable('run_id')),
previous AS (   -- the published run before this one: a flag it did not have is new tonight
    SELECT r.run_id FROM dq.runs AS r
    WHERE r.outcome = 'published' AND r.run_id <> getvariable('run_id')
      AND r.started_at < (SELECT t.started_at FROM dq.runs AS t WHERE t.run_id = getvariable('run_id'))
    ORDER BY r.started_at DESC LIMIT 1
),
carried AS (    -- the run took the previous run's flags as they were (dq_carry_over.sql): none is new
    SELECT coalesce(t.checks_from = (SELECT pr.run_id FROM previous AS pr), false) AS yes
    FROM dq.runs AS t WHERE t.run_id = getvariable('run_id')
),
before AS (     -- empty when carried: half a million flags need not be compared to find none new
    SELECT p.* FROM dq.flags AS p
    WHERE p.run_id = (SELECT pr.run_id FROM previous AS pr) AND NOT coalesce((SELECT c.yes FROM carried AS c), false)
),
flags AS (
    SELECT f.*, NOT coalesce((SELECT c.yes FROM carried AS c), false) AND NOT EXISTS (
        SELECT 1 FROM before AS p
        WHERE p.flag = f.flag AND p.claim_id IS NOT DISTINCT FROM f.claim_id AND p.message = f.message
          AND coalesce(p.source_file, '') = coalesce(f.source_file, p.source_file, '')
    ) AS new
    FROM dq.run_flags AS f WHERE f.run_id = getvariable('run_id')
)
SELECT (SELECT count(*) FROM tonight) AS articles,
       (SELECT count(*) FROM raw.quarantine AS q WHERE q.run_id = getvariable('run_id')) AS quarantined,
       (SELECT count(*) FROM staging.stg_claims AS c
         WHERE c.source_file IN (SELECT t.source_file FROM tonight AS t)) AS claims,
       (SELECT count(*) FROM flags AS f WHERE f.new) AS new_flags,
       (SELECT count(*) FROM flags AS f WHERE f.new AND f.open) AS new_open_flags,
       (SELECT count(*) FROM flags) AS flags,
       (SELECT count(*) FROM flags AS f WHERE f.open) AS open_flags,
       (SELECT count(*) FROM raw.articles) AS articles_held,
       (SELECT count(*) FROM marts.claims) AS claims_held,
       (SELECT pr.run_id FROM previous AS pr) AS previous_run;

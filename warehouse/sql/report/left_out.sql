-- Claims left out of the daily tables, by reason (each claim counted once, under the first reason that holds):
-- rejected by an editor, failed a check (an error flag), no calendar date. Regional claims without a date
-- and totals without a date are both out; the whole archive.
SELECT reason, count(*) AS claims
FROM (
    SELECT CASE WHEN editor_decision = 'reject' THEN 'rejected by an editor'
                WHEN dq_status = 'fail' THEN 'failed a check'
                WHEN event_date IS NULL THEN 'no date' END AS reason
    FROM marts.claims
) AS c
WHERE reason IS NOT NULL
GROUP BY reason
ORDER BY CASE reason WHEN 'rejected by an editor' THEN 0 WHEN 'failed a check' THEN 1 ELSE 2 END;

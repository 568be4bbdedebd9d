-- Regional figures of one statement add up to less than its overall figure (the rest unattributed).
WITH totals AS (
    SELECT report_id, claim_id, source_file, drones AS total FROM dq.checked_claims WHERE scope = 'total'
),
items AS (
    SELECT report_id, sum(drones) AS itemised, count(*) AS n FROM dq.checked_claims WHERE scope = 'region' GROUP BY report_id
)
SELECT t.source_file, t.claim_id,
       format('regional figures add up to {} of the total {}: {} unattributed', i.itemised, t.total, t.total - i.itemised) AS message,
       json_object('total', t.total, 'itemised', i.itemised, 'unattributed', t.total - i.itemised) AS detail
FROM totals AS t JOIN items AS i USING (report_id)
WHERE i.itemised < t.total

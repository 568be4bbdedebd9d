-- Regional figures of one statement add up to more than its overall figure.
WITH totals AS (
    SELECT report_id, claim_id, source_file, drones AS total FROM dq.checked_claims WHERE scope = 'total'
),
items AS (
    SELECT report_id, sum(drones) AS itemised, count(*) AS n FROM dq.checked_claims WHERE scope = 'region' GROUP BY report_id
)
SELECT t.source_file, t.claim_id,
       format('regional figures add up to {} ({} regions), more than the total of {}', i.itemised, i.n, t.total) AS message,
       json_object('total', t.total, 'itemised', i.itemised, 'regions', i.n) AS detail
FROM totals AS t JOIN items AS i USING (report_id)
WHERE i.itemised > t.total

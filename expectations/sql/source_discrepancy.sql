-- Two authorities give different figures for the same region and period: both claims are flagged.
-- Within one article (dated or not) the row names the article. Between articles (same Moscow day and
-- period) the comparison is against each authority's distinct figures, not claim by claim (a figure
-- relayed by many articles is one figure), and the row names no single article.
WITH c AS (
    SELECT claim_id, source_file, authority, region_code, region_name, drones, event_date,
           coalesce(period, '?') AS p
    FROM dq.checked_claims
    WHERE scope = 'region' AND qualifier = 'exact'
),
same_article AS (
    SELECT a.source_file, a.claim_id, a.authority, a.drones, a.region_name,
           b.authority AS other_authority, b.drones AS other_drones, b.source_file AS other_file
    FROM c AS a JOIN c AS b
      ON a.source_file = b.source_file AND a.region_code = b.region_code AND a.p = b.p
     AND a.authority <> b.authority AND a.drones <> b.drones
     AND (a.event_date = b.event_date OR (a.event_date IS NULL AND b.event_date IS NULL))
),
figures AS (   -- each authority's distinct figures per day, region and period
    SELECT event_date, region_code, p, authority, list(DISTINCT drones ORDER BY drones) AS figs,
           (list(source_file ORDER BY drones, source_file))[1] AS a_file   -- an article of figs[1], the same every run
    FROM c WHERE event_date IS NOT NULL
    GROUP BY event_date, region_code, p, authority
),
across AS (
    SELECT NULL AS source_file, c.claim_id, c.authority, c.drones, c.region_name,
           f.authority AS other_authority, f.figs[1] AS other_drones, f.a_file AS other_file
    FROM c JOIN figures AS f
      ON f.event_date = c.event_date AND f.region_code = c.region_code AND f.p = c.p AND f.authority <> c.authority
    WHERE NOT list_contains(f.figs, c.drones)
      AND c.claim_id NOT IN (SELECT s.claim_id FROM same_article AS s)
)
SELECT DISTINCT ON (claim_id) source_file, claim_id,
       format('{} says {} over {}; {} says {} ({})', authority, drones, region_name, other_authority, other_drones, other_file) AS message,
       json_object('drones', drones, 'other_authority', other_authority, 'other_drones', other_drones, 'other_file', other_file) AS detail
FROM (SELECT * FROM same_article UNION ALL SELECT * FROM across) AS both_kinds
ORDER BY claim_id, source_file NULLS LAST, other_authority, other_drones, other_file

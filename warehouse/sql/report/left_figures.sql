-- The numbers the extractor did not take as claims, in the articles that arrived in this run and that it flagged (by file or through
-- one of their claims): the first getvariable('left_per_article') of each article in reading order, the
-- most severely flagged articles first; n_left counts all the figures left in the article.
WITH flagged AS (
    SELECT coalesce(f.source_file, c.source_file) AS source_file,
           min(CASE f.severity WHEN 'error' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END) AS worst
    FROM dq.flags AS f
    LEFT JOIN marts.claims AS c USING (claim_id)
    WHERE f.run_id = getvariable('run_id') AND coalesce(f.source_file, c.source_file) IS NOT NULL
      AND coalesce(f.source_file, c.source_file) IN (
          SELECT a.source_file FROM raw.articles AS a WHERE a.run_id = getvariable('run_id'))
    GROUP BY 1
), left_figures AS (
    SELECT d.source_file, d.char_start, d.figure, d.rule, d.rule_description, d.text_before, d.text_after,
           fl.worst,
           row_number() OVER (PARTITION BY d.source_file ORDER BY d.char_start, d.char_end) AS n,
           count(*) OVER (PARTITION BY d.source_file) AS n_left
    FROM marts.figure_decisions AS d
    JOIN flagged AS fl USING (source_file)
    WHERE NOT d.taken
)
SELECT source_file, char_start, figure, rule, rule_description, text_before, text_after, worst, n, n_left
FROM left_figures
WHERE n <= getvariable('left_per_article')
ORDER BY worst, source_file, n;

-- The numbers the extractor did not take as claims, in the articles that arrived in this run and that it flagged (by file or through
-- one of their claims): the first getvariable('left_per_article') of each article in reading order, the
-- most severely flagged articles first, of the first getvariable('left_articles') articles (at least one;
-- n_articles counts them all); n_left counts all the figures left in the article.
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
),
ranked AS (
    SELECT l.*, dense_rank() OVER (ORDER BY l.worst, l.source_file) AS article_rank
    FROM left_figures AS l
    WHERE l.n <= getvariable('left_per_article')
),
counted AS (SELECT count(DISTINCT source_file) AS n_articles FROM left_figures)
SELECT r.source_file, r.char_start, r.figure, r.rule, r.rule_description, r.text_before, r.text_after, r.worst,
       r.n, r.n_left, c.n_articles
FROM ranked AS r CROSS JOIN counted AS c
WHERE r.article_rank <= greatest(getvariable('left_articles'), 1)   -- one at least: the row that carries n_articles
ORDER BY r.worst, r.source_file, r.n;

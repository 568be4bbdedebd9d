-- Articles staged by an earlier run that are no longer in raw.articles (their name now holds a quarantined
-- file): their staged rows are removed.
SELECT s.source_file
FROM staging.stg_articles AS s
ANTI JOIN raw.articles AS r USING (source_file)
ORDER BY s.source_file;

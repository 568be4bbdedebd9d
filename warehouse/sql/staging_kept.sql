-- What staging holds before a run's stage: articles by the extractor version that staged them
-- (NULL: staged before extractor versions were recorded).
SELECT extractor_version, count(*) AS n_articles
FROM staging.stg_articles
GROUP BY ALL
ORDER BY ALL;

-- One batch of raw.articles for extraction: the articles named in `files`, each with the night it landed
-- (as_of: an article read by an older run without landed_on takes this run's night).
-- Parameters: SET VARIABLE files = ['a.txt', 'b.txt']; SET VARIABLE as_of = DATE '2025-07-31';
SELECT source_file, sha256, text, published, outlet, source_url, encoding,
       coalesce(landed_on, getvariable('as_of')) AS as_of
FROM raw.articles
WHERE source_file IN (SELECT unnest(getvariable('files')))
ORDER BY source_file;

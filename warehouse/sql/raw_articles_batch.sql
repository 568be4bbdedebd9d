-- One batch of raw.articles for staging: the articles named from first_file to last_file, each with the
-- night it landed (as_of: an article read by an older run without landed_on takes this run's night).
-- Parameters: SET VARIABLE first_file = 'a.txt'; SET VARIABLE last_file = 'z.txt'; SET VARIABLE as_of = DATE '2025-07-31';
SELECT source_file, sha256, text, published, outlet, source_url, encoding,
       coalesce(landed_on, getvariable('as_of')) AS as_of
FROM raw.articles
WHERE source_file BETWEEN getvariable('first_file') AND getvariable('last_file')
ORDER BY source_file;

-- The same bytes arrived under another name: the article is kept, its figures count once.
SELECT a.source_file, NULL AS claim_id,
       format('same content as {}', b.source_file) AS message,
       json_object('same_as', b.source_file) AS detail
FROM raw.articles AS a JOIN raw.articles AS b
  ON a.sha256 = b.sha256 AND a.source_file > b.source_file

-- The same bytes arrived under another name: the article is kept, its figures count once.
-- A finding about two files: the row names both in its message and detail, neither as source_file.
SELECT NULL AS source_file, NULL AS claim_id,
       format('{} has the same content as {}', a.source_file, b.source_file) AS message,
       json_object('file', a.source_file, 'same_as', b.source_file) AS detail
FROM raw.articles AS a JOIN raw.articles AS b
  ON a.sha256 = b.sha256 AND a.source_file > b.source_file

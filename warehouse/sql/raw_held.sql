-- Every name held in raw.* with its bytes' hash (and, for articles, the manifest metadata it was read with):
-- what ingest compares the landing folder against (and the size and modification time the file was read with). A copy (raw.aliases, with the name its bytes were first
-- held under) has a second row beside its raw.articles or raw.quarantine row.
SELECT 'articles' AS held_in, source_file, sha256, published, source_url, outlet, received_at, landed_on,
       NULL AS alias_of, bytes, mtime_ns
FROM raw.articles
UNION ALL
SELECT 'quarantine', source_file, sha256, NULL, NULL, NULL, received_at, landed_on, NULL, bytes, mtime_ns
FROM raw.quarantine
UNION ALL
SELECT 'aliases', source_file, sha256, NULL, NULL, NULL, received_at, landed_on, alias_of, NULL, NULL
FROM raw.aliases
ORDER BY source_file, held_in;

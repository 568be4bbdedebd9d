-- Files that could not be read as articles (all runs: raw.quarantine keeps them until they are fixed).
SELECT source_file, reason, bytes
FROM raw.quarantine
ORDER BY source_file;

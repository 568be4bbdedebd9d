-- Files that could not be read as articles (all runs: raw.quarantine keeps them until they are fixed);
-- tonight: the file was (re)read by this run.
SELECT source_file, reason, bytes, run_id = getvariable('run_id') AS tonight
FROM raw.quarantine
ORDER BY source_file;

-- The run the report is about: its header and the counts on its cards.
SELECT run_id, as_of, input_dir, finished_at, n_files, n_articles, n_quarantined
FROM dq.runs
WHERE run_id = getvariable('run_id');

-- Each flag of the run raised on a claim, with the claim and the sentence it came from.
-- sentence_start: where the evidence sentence starts in the cleaned text (char offsets are into that text),
-- -1 when the sentence is not found there.
SELECT f.flag, f.severity, f.message, f.detail,
       c.claim_id, c.source_file, c.authority, c.official, c.scope, c.region_name, c.drones, c.qualifier,
       c.window_start_local, c.window_end_local, c.event_date, c.evidence, c.char_start, c.char_end,
       c.dq_status, c.editor_decision,
       instr(a.clean_text, c.evidence) - 1 AS sentence_start
FROM dq.flags AS f
JOIN marts.claims AS c USING (claim_id)
LEFT JOIN staging.stg_articles AS a ON a.source_file = c.source_file
WHERE f.run_id = getvariable('run_id')
ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, f.flag, c.source_file, c.char_start,
         c.claim_id, f.message;

-- marts.figure_decisions: why each number in an article is or is not a claim. One row per number the
-- extractor considered, with the rule that took or left it and that rule's description; a claim's figure
-- is here as taken (join on source_file and char_start to marts.claims).
CREATE OR REPLACE TABLE marts.extraction_rules AS
SELECT rule, stage, description
FROM staging.extraction_rules
ORDER BY stage, rule;

CREATE OR REPLACE TABLE marts.figure_decisions AS
WITH decisions AS (
    SELECT source_file, char_start, char_end, figure, value, taken, rule
    FROM staging.figure_decisions
),
with_context AS (   -- the words around the number, so a row reads on its own
    SELECT d.*,
           substr(a.clean_text, greatest(1, d.char_start + 1 - 60), least(d.char_start, 60)) AS text_before,
           substr(a.clean_text, d.char_end + 1, 60) AS text_after
    FROM decisions AS d
    LEFT JOIN staging.stg_articles AS a USING (source_file)
)
SELECT c.source_file, c.char_start, c.char_end, c.figure, c.value, c.taken, c.rule,
       r.description AS rule_description, c.text_before, c.text_after
FROM with_context AS c
LEFT JOIN marts.extraction_rules AS r USING (rule)
ORDER BY c.source_file, c.char_start;

-- Editors' decisions, kept in the warehouse: one row per decision, only ever appended to (flows/review.py
-- inserts, nothing updates or deletes). An undo is a new row that names the decision it undoes; the decision
-- before it on the same target is then in force again.
CREATE TABLE IF NOT EXISTS dq.decisions (
    decision_id  INTEGER PRIMARY KEY,   -- 1, 2, 3 ... in the order recorded
    decided_at   TIMESTAMP NOT NULL,    -- UTC
    editor       VARCHAR NOT NULL,
    action       VARCHAR NOT NULL,      -- accept, reject, undo
    target_kind  VARCHAR,               -- claim (claim_id), statement (report_id or report_key), article (source_file); NULL for undo
    target       VARCHAR,
    undoes       INTEGER,               -- for undo: the decision_id it takes back
    reason       VARCHAR NOT NULL,
    origin       VARCHAR NOT NULL       -- 'review', or 'import <file>' for rows read from a decisions CSV
);

-- Which decision a run applied to each claim (since decisions live in dq.decisions: the decision's id and target).
ALTER TABLE dq.applied_decisions ADD COLUMN IF NOT EXISTS decision_id INTEGER;
ALTER TABLE dq.applied_decisions ADD COLUMN IF NOT EXISTS target_kind VARCHAR;

-- The accept and reject decisions in force: not undone, and the latest on their target.
CREATE OR REPLACE VIEW dq.decisions_in_force AS
SELECT d.decision_id, d.decided_at, d.editor, d.action AS decision, d.target_kind, d.target, d.reason
FROM dq.decisions AS d
WHERE d.action IN ('accept', 'reject')
  AND NOT EXISTS (SELECT 1 FROM dq.decisions AS u WHERE u.action = 'undo' AND u.undoes = d.decision_id)
QUALIFY row_number() OVER (PARTITION BY d.target_kind, d.target ORDER BY d.decided_at DESC, d.decision_id DESC) = 1;

-- The decision in force on each staged claim: one on the claim itself wins over one on its statement, which
-- wins over one on its article (three equi-joins, not one OR-join).
CREATE OR REPLACE VIEW dq.claim_decisions AS
WITH matched AS (
    SELECT c.claim_id, d.*, 0 AS specificity
    FROM staging.stg_claims AS c JOIN dq.decisions_in_force AS d ON d.target_kind = 'claim' AND d.target = c.claim_id
    UNION ALL
    SELECT c.claim_id, d.*, 1
    FROM staging.stg_claims AS c JOIN dq.decisions_in_force AS d ON d.target_kind = 'statement' AND d.target = c.report_id
    UNION ALL
    SELECT c.claim_id, d.*, 1
    FROM staging.stg_claims AS c JOIN dq.decisions_in_force AS d ON d.target_kind = 'statement' AND d.target = c.report_key
    UNION ALL
    SELECT c.claim_id, d.*, 2
    FROM staging.stg_claims AS c JOIN dq.decisions_in_force AS d ON d.target_kind = 'article' AND d.target = c.source_file
)
SELECT claim_id, decision_id, decided_at, editor, decision, target_kind, target, reason
FROM matched
QUALIFY row_number() OVER (PARTITION BY claim_id ORDER BY specificity, decided_at DESC, decision_id DESC) = 1;

-- The staged claims the set-level rules compare (expectations/sql/*.sql): every claim an editor has not
-- rejected. A rejected claim raises no comparison flag and no other claim is flagged against it.
CREATE OR REPLACE VIEW dq.checked_claims AS
-- every column of staging.stg_claims, whatever staging adds
SELECT c.*  -- noqa: AM04
FROM staging.stg_claims AS c
WHERE c.claim_id NOT IN (SELECT d.claim_id FROM dq.claim_decisions AS d WHERE d.decision = 'reject');

-- The latest published run.
CREATE OR REPLACE VIEW dq.latest_run AS
SELECT * FROM dq.runs WHERE outcome = 'published' ORDER BY finished_at DESC, started_at DESC LIMIT 1;  -- noqa: AM04

-- Every flag of every run with the article it is about, its statement, and the decision in force on it (on
-- its claim, statement or article; for an article-level flag, on its article). `open`: a warning or an error
-- nobody has decided on. This is the one definition of an open flag: the report, the run's summary and
-- `skytally review` all count dq.latest_flags WHERE open.
CREATE OR REPLACE VIEW dq.run_flags AS
WITH article_decisions AS (
    SELECT target AS source_file, decision_id, decision, editor
    FROM dq.decisions_in_force WHERE target_kind = 'article'
)
SELECT f.run_id,
       coalesce(f.source_file, c.source_file) AS source_file,
       f.claim_id,
       c.report_id,
       c.event_date,
       f.flag,
       f.severity,
       f.message,
       f.detail,
       coalesce(cd.decision, CASE WHEN f.claim_id IS NULL THEN ad.decision END) AS decision,
       coalesce(cd.editor, CASE WHEN f.claim_id IS NULL THEN ad.editor END) AS decided_by,
       coalesce(cd.decision_id, CASE WHEN f.claim_id IS NULL THEN ad.decision_id END) AS decision_id,
       f.severity IN ('warn', 'error')
         AND coalesce(cd.decision, CASE WHEN f.claim_id IS NULL THEN ad.decision END) IS NULL AS open
FROM dq.flags AS f
LEFT JOIN staging.stg_claims AS c ON c.claim_id = f.claim_id
LEFT JOIN dq.claim_decisions AS cd ON cd.claim_id = f.claim_id
LEFT JOIN article_decisions AS ad ON ad.source_file = coalesce(f.source_file, c.source_file);

CREATE OR REPLACE VIEW dq.latest_flags AS
-- dq.run_flags' columns
SELECT f.*  -- noqa: AM04
FROM dq.run_flags AS f
WHERE f.run_id = (SELECT r.run_id FROM dq.latest_run AS r);

COMMENT ON TABLE dq.runs IS 'One row per run: when, over which input (fingerprint), counts, outcome (running, published, failed, interrupted).';
COMMENT ON TABLE dq.flags IS 'One row per problem found by a run: the article (source_file; see dq.latest_flags, which fills it from the claim), the claim (NULL for article-level problems), flag code, severity (info, warn, error), message, detail (JSON of the figures compared).';
COMMENT ON TABLE dq.expectation_results IS 'One row per Great Expectations expectation evaluated by a run: suite, rule (flag code), success, what GX observed (JSON).';
COMMENT ON TABLE dq.rules IS 'The data-quality rules: flag code, severity, what it means in words.';
COMMENT ON TABLE dq.applied_decisions IS 'Per run, the editors'' decision applied to each claim (status applied), and decisions whose target no longer exists (status orphaned).';
COMMENT ON TABLE dq.decisions IS 'Editors'' decisions, append-only: who (editor), when (decided_at, UTC), what (action accept/reject/undo on a claim, statement or article), why (reason). An undo names the decision it takes back.';
COMMENT ON VIEW dq.decisions_in_force IS 'The accept and reject decisions in force: not undone, the latest on each target.';
COMMENT ON VIEW dq.claim_decisions IS 'The decision in force on each staged claim: on the claim, else on its statement, else on its article.';
COMMENT ON VIEW dq.checked_claims IS 'Staged claims that the set-level rules compare: all but those an editor rejected.';
COMMENT ON VIEW dq.latest_run IS 'The latest published run (one row).';
COMMENT ON VIEW dq.run_flags IS 'dq.flags with the article of every flag filled in, the claim''s statement (report_id) and day, the decision in force, and open (a warning or error nobody decided on).';
COMMENT ON VIEW dq.latest_flags IS 'dq.run_flags of the latest published run: what an editor has to look at now (WHERE open).';

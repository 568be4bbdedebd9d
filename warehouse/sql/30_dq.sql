-- Data quality: one row per run, per expectation result, per flag, per editor decision.
CREATE TABLE IF NOT EXISTS dq.runs (
    run_id             VARCHAR PRIMARY KEY,
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP,
    as_of              DATE,
    input_dir          VARCHAR,
    input_fingerprint  VARCHAR,          -- sha256 over (path, sha256) of every file found
    n_files            INTEGER,
    n_articles         INTEGER,
    n_quarantined      INTEGER,
    n_claims           INTEGER,
    n_flags            INTEGER,
    n_published_claims INTEGER,
    outcome            VARCHAR,          -- 'running', 'published', 'failed'
    message            VARCHAR
);

CREATE TABLE IF NOT EXISTS dq.expectation_results (
    run_id       VARCHAR NOT NULL,
    suite        VARCHAR NOT NULL,
    rule         VARCHAR NOT NULL,
    severity     VARCHAR NOT NULL,
    description  VARCHAR NOT NULL,
    success      BOOLEAN NOT NULL,
    observed     VARCHAR              -- JSON of what GX observed
);

CREATE TABLE IF NOT EXISTS dq.flags (
    run_id       VARCHAR NOT NULL,
    source_file  VARCHAR,
    claim_id     VARCHAR,
    flag         VARCHAR NOT NULL,
    severity     VARCHAR NOT NULL,    -- info, warn, error
    message      VARCHAR NOT NULL,
    detail       VARCHAR              -- JSON: the figures compared
);

CREATE TABLE IF NOT EXISTS dq.rules (
    flag         VARCHAR PRIMARY KEY,
    severity     VARCHAR NOT NULL,
    description  VARCHAR NOT NULL
);

-- Editors' decisions as applied by each run ('applied', or 'orphaned' when the claim no longer exists).
CREATE TABLE IF NOT EXISTS dq.applied_decisions (
    run_id      VARCHAR NOT NULL,
    claim_id    VARCHAR NOT NULL,
    decision    VARCHAR NOT NULL,     -- accept, reject
    editor      VARCHAR NOT NULL,
    reason      VARCHAR,
    decided_at  TIMESTAMP,
    status      VARCHAR NOT NULL
);

-- What the stage of each run did: articles extracted (new or changed input, or all of them for a new
-- extractor version), articles whose staged rows were kept, the extractor version, and why.
ALTER TABLE dq.runs ADD COLUMN IF NOT EXISTS n_extracted INTEGER;
ALTER TABLE dq.runs ADD COLUMN IF NOT EXISTS n_staged_kept INTEGER;
ALTER TABLE dq.runs ADD COLUMN IF NOT EXISTS extractor_version VARCHAR;
ALTER TABLE dq.runs ADD COLUMN IF NOT EXISTS stage_note VARCHAR;

-- What a run's checks were made from (a digest of warehouse/sql/dq_checks_input.sql, the check code and its
-- settings), and, when that was the latest published run's, the run whose results it carried over.
ALTER TABLE dq.runs ADD COLUMN IF NOT EXISTS checks_input VARCHAR;
ALTER TABLE dq.runs ADD COLUMN IF NOT EXISTS checks_from VARCHAR;

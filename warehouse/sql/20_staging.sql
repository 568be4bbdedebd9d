-- Staging: what extraction made of each article in raw.articles. Nothing here is published.
-- Incremental: an article's rows are kept from night to night and replaced only when its input (bytes,
-- manifest metadata, the night it landed) or the extractor version changes (flows.stages.stage).
CREATE TABLE IF NOT EXISTS staging.stg_articles (
    source_file     VARCHAR PRIMARY KEY,
    sha256          VARCHAR,
    clean_text      VARCHAR,            -- the text that claim offsets point into
    headline        VARCHAR,
    published_date  DATE,               -- manifest, else dateline
    published_from  VARCHAR,            -- 'manifest', 'dateline' or NULL
    outlet          VARCHAR,
    source_url      VARCHAR,
    boilerplate     VARCHAR[],          -- what was removed, line by line
    n_sentences     INTEGER
);

CREATE TABLE IF NOT EXISTS staging.stg_claims (
    claim_id            VARCHAR PRIMARY KEY,
    source_file         VARCHAR NOT NULL,
    report_id           VARCHAR NOT NULL,   -- one statement within one article (a total and its breakdown)
    report_key          VARCHAR NOT NULL,   -- identity of the statement across articles (authority, official, day, window, period)
    claim_key           VARCHAR NOT NULL,   -- identity of the figure across articles (report_key, scope, region, figure)
    authority           VARCHAR NOT NULL,
    official            VARCHAR,
    official_as_written VARCHAR,
    scope               VARCHAR NOT NULL,
    region_code         VARCHAR,
    region_name         VARCHAR,
    districts           VARCHAR[],
    drones              INTEGER,
    qualifier           VARCHAR,
    window_start_local  TIME,
    window_end_local    TIME,
    window_start_utc    TIMESTAMP,
    window_end_utc      TIMESTAMP,
    event_date          DATE,
    date_precision      VARCHAR,
    period              VARCHAR,
    evidence            VARCHAR,
    char_start          INTEGER,
    char_end            INTEGER,
    published_date      DATE,
    from_channel        BOOLEAN             -- the authority's own post (its channel published the article), not a relay
);
-- columns added after the first release, for warehouses created before them
ALTER TABLE staging.stg_claims ADD COLUMN IF NOT EXISTS from_channel BOOLEAN;

-- Problems found while reading an article (boilerplate, names, districts, ambiguous splits).
CREATE TABLE IF NOT EXISTS staging.stg_findings (
    source_file  VARCHAR NOT NULL,
    claim_id     VARCHAR,
    flag         VARCHAR NOT NULL,
    message      VARCHAR NOT NULL,
    detail       VARCHAR              -- JSON: figures compared, candidates
);

-- Every number the extractor considered in an article's clean text, and the rule that took or left it.
CREATE TABLE IF NOT EXISTS staging.figure_decisions (
    source_file  VARCHAR NOT NULL,
    char_start   INTEGER NOT NULL,     -- offsets in stg_articles.clean_text
    char_end     INTEGER NOT NULL,
    figure       VARCHAR,              -- the number as written ("12", "twenty-three", "a")
    value        BIGINT,               -- its value (NULL when the words make no number)
    taken        BOOLEAN NOT NULL,     -- a claim's figure
    rule         VARCHAR NOT NULL      -- staging.extraction_rules.rule
);

-- The extraction rules of the code that staged the data: name, stage, the construction each reads.
CREATE TABLE IF NOT EXISTS staging.extraction_rules (
    rule         VARCHAR PRIMARY KEY,
    stage        VARCHAR NOT NULL,     -- figure, sentence, claim, article
    description  VARCHAR NOT NULL
);

-- What each article's staged rows were made from: the extractor version (a hash of the extraction code,
-- its reference data and the libraries it reads with: transforms.staging.extractor_version), a key of the
-- input (computed in raw_articles_to_stage.sql). dq.runs counts what each run extracted and kept.
ALTER TABLE staging.stg_articles ADD COLUMN IF NOT EXISTS extractor_version VARCHAR;
ALTER TABLE staging.stg_articles ADD COLUMN IF NOT EXISTS input_key VARCHAR;

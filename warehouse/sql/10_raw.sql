-- raw.articles and raw.quarantine: every *.txt file found lands in exactly one of them.
CREATE TABLE IF NOT EXISTS raw.articles (
    source_file  VARCHAR PRIMARY KEY,   -- path relative to the input folder, '/'-separated
    sha256       VARCHAR NOT NULL,      -- of the original bytes
    bytes        BIGINT  NOT NULL,
    encoding     VARCHAR NOT NULL,      -- how the bytes were decoded
    text         VARCHAR NOT NULL,      -- decoded text, before cleaning
    published    VARCHAR,               -- from manifest.csv, as given
    source_url   VARCHAR,
    outlet       VARCHAR,
    received_at  TIMESTAMP NOT NULL,    -- first time these bytes arrived under this name
    run_id       VARCHAR NOT NULL       -- the run that last (re)read the file
);

CREATE TABLE IF NOT EXISTS raw.quarantine (
    source_file  VARCHAR PRIMARY KEY,
    reason       VARCHAR NOT NULL,      -- why it could not be read as an article
    content      BLOB,                  -- the original bytes (NULL only when they could not be read at all)
    sha256       VARCHAR,
    bytes        BIGINT,
    received_at  TIMESTAMP NOT NULL,
    run_id       VARCHAR NOT NULL
);

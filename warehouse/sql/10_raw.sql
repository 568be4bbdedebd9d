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

-- The night a file was taken: the `as_of` of the run that first read these bytes under this name.
-- Staging anchors the article's year-less dates at it, so later runs read it the same way.
ALTER TABLE raw.articles ADD COLUMN IF NOT EXISTS landed_on DATE;
ALTER TABLE raw.quarantine ADD COLUMN IF NOT EXISTS landed_on DATE;

-- Files whose bytes the warehouse already held under another name when they arrived (a copy or a
-- rename in the landing folder): recorded here, not read again. Copies that arrive together in
-- one run are all read (raw.articles) and flagged duplicate_article instead.
CREATE TABLE IF NOT EXISTS raw.aliases (
    source_file  VARCHAR PRIMARY KEY,
    sha256       VARCHAR NOT NULL,
    alias_of     VARCHAR NOT NULL,      -- the name in raw.articles or raw.quarantine these bytes were first read under
    received_at  TIMESTAMP NOT NULL,
    landed_on    DATE,
    run_id       VARCHAR NOT NULL
);

-- The file's modification time (ns since the epoch) when it was read. With `bytes`, what a later run compares
-- before reading the file again: a file of the same size and modification time is not read or hashed again
-- (as rsync and git do); a file rewritten in place keeping both would be missed: touch it to have it read.
ALTER TABLE raw.articles ADD COLUMN IF NOT EXISTS mtime_ns BIGINT;
ALTER TABLE raw.quarantine ADD COLUMN IF NOT EXISTS mtime_ns BIGINT;

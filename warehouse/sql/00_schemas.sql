-- Schemas of the warehouse. Re-runnable: every statement is idempotent.
CREATE SCHEMA IF NOT EXISTS raw;      -- everything that arrived, as it arrived
CREATE SCHEMA IF NOT EXISTS staging;  -- cleaned articles and extracted claims of the current run
CREATE SCHEMA IF NOT EXISTS marts;    -- published tables (rebuilt in one transaction after the checks)
CREATE SCHEMA IF NOT EXISTS dq;       -- runs, expectation results, flags, editors' decisions

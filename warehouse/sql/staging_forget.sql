-- Remove the staged rows of the articles named in `files` (re-extracted, or gone from raw.articles).
-- Parameters: SET VARIABLE files = ['a.txt', 'b.txt'];
DELETE FROM staging.stg_articles WHERE source_file IN (SELECT unnest(getvariable('files')));
DELETE FROM staging.stg_claims WHERE source_file IN (SELECT unnest(getvariable('files')));
DELETE FROM staging.stg_findings WHERE source_file IN (SELECT unnest(getvariable('files')));
DELETE FROM staging.figure_decisions WHERE source_file IN (SELECT unnest(getvariable('files')));

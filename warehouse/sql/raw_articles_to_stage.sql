-- The articles of raw.articles whose staged rows are missing or stale, with the key of what their staged
-- rows are to be made from and why they are extracted: 'new' (never staged), 'version' (staged by another
-- extractor version) or 'changed' (new bytes, manifest metadata or landing night under the same name).
-- The key covers every input of extraction besides the code: the bytes' hash, the manifest's published,
-- source_url and outlet, the decoding, and the night the article landed (as_of for rows from before
-- raw.articles recorded it).
-- Parameters: SET VARIABLE as_of = DATE '2025-07-31'; SET VARIABLE extractor_version = '0123456789abcdef';
WITH held AS (
    SELECT source_file,
           md5(concat_ws('|', sha256, coalesce(published, '-'), coalesce(source_url, '-'), coalesce(outlet, '-'),
                         encoding, CAST(coalesce(landed_on, getvariable('as_of')) AS VARCHAR))) AS input_key
    FROM raw.articles
)
SELECT h.source_file, h.input_key,
       CASE WHEN s.source_file IS NULL THEN 'new'
            WHEN s.extractor_version IS DISTINCT FROM getvariable('extractor_version') THEN 'version'
            ELSE 'changed' END AS why
FROM held AS h
LEFT JOIN staging.stg_articles AS s USING (source_file)
WHERE s.source_file IS NULL
   OR s.extractor_version IS DISTINCT FROM getvariable('extractor_version')
   OR s.input_key IS DISTINCT FROM h.input_key
ORDER BY h.source_file;

-- What a run's checks and published tables are made from, as one digest per part: the articles and
-- quarantined files held, what staging holds (each article's input key and extractor version), and the
-- editors' decisions. Two runs with the same digests (and the same check code and settings) give the same
-- flags and the same marts: the second one carries the first one's results over instead of re-checking.
SELECT
    (SELECT md5(coalesce(string_agg(a.source_file || chr(0) || a.sha256, chr(10) ORDER BY a.source_file), ''))
     FROM raw.articles AS a) AS articles,
    (SELECT md5(coalesce(string_agg(q.source_file || chr(0) || coalesce(q.sha256, '') || chr(0) || q.reason,
                                    chr(10) ORDER BY q.source_file), ''))
     FROM raw.quarantine AS q) AS quarantine,
    (SELECT md5(coalesce(string_agg(s.source_file || chr(0) || coalesce(s.input_key, '') || chr(0)
                                    || coalesce(s.extractor_version, ''), chr(10) ORDER BY s.source_file), ''))
     FROM staging.stg_articles AS s) AS staged,
    (SELECT md5(coalesce(string_agg(concat_ws(chr(0), d.decision_id, d.decided_at, d.editor, d.action, d.target_kind,
                                              d.target, d.undoes), chr(10) ORDER BY d.decision_id), ''))
     FROM dq.decisions AS d) AS decisions;

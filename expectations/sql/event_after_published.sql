-- An event dated after the article was published cannot be right.
SELECT source_file, claim_id,
       format('event date {} is after the publication date {}', event_date, published_date) AS message,
       json_object('event_date', event_date, 'published', published_date) AS detail
FROM dq.checked_claims
WHERE event_date > published_date

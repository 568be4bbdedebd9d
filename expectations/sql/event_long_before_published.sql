-- An event dated implausibly long before the article was published (a misread year or a history piece).
-- Parameter: SET VARIABLE max_event_age_days = 365;  (the setting SKYTALLY_MAX_EVENT_AGE_DAYS)
SELECT source_file, claim_id,
       format('event date {} is {} days before publication ({})', event_date, published_date - event_date, published_date) AS message,
       json_object('event_date', event_date, 'published', published_date) AS detail
FROM dq.checked_claims
WHERE published_date - event_date > getvariable('max_event_age_days')

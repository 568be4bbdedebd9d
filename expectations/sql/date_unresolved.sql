-- The calendar day of a claim cannot be pinned from the text and the published date.
SELECT source_file, claim_id,
       'no calendar date for this claim: the text gives none that resolves and no published date anchors it' AS message,
       NULL AS detail
FROM dq.checked_claims
WHERE event_date IS NULL

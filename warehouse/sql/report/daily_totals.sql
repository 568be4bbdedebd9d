-- Daily totals per authority as published.
SELECT event_date, authority, total_drones, itemised_drones, unattributed_drones, n_reports, n_articles,
       has_flagged_claims, has_overlapping_windows
FROM marts.daily_totals
ORDER BY event_date, authority;

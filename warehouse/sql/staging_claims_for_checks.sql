-- The staged claims as the column suite (Great Expectations) checks them: the columns with a value set or a
-- range, and each window's length in minutes, unwrapped across midnight.
SELECT claim_id, authority, scope, qualifier, period, date_precision, region_code, drones,
       event_date, window_start_local IS NOT NULL AS has_window_start,
       window_end_local IS NOT NULL AS has_window_end,
       CASE WHEN window_start_local IS NULL OR window_end_local IS NULL THEN NULL
            ELSE ((hour(window_end_local) * 60 + minute(window_end_local))
                  - (hour(window_start_local) * 60 + minute(window_start_local)) + 1440 - 1) % 1440 + 1
       END AS window_minutes
FROM staging.stg_claims
ORDER BY claim_id;

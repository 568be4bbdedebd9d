-- A governor's or mayor's window is not inside the ministry's window for the same night or day
-- (same Moscow day, or the same article when neither date is known). Windows across midnight are
-- unwrapped first (minutes from the start of the evening before). Compared against the ministry's
-- distinct windows of that day; a mismatch with another article's window names no single article.
WITH w AS (
    SELECT *,
           (hour(window_start_local) * 60 + minute(window_start_local)) AS s,
           (hour(window_end_local) * 60 + minute(window_end_local)) AS e,
           coalesce(period, '?') AS p
    FROM dq.checked_claims
    WHERE window_start_local IS NOT NULL AND window_end_local IS NOT NULL
),
u AS (
    SELECT *, CASE WHEN e <= s THEN s ELSE s + 1440 END AS us, e + 1440 AS ue FROM w
),
mod_windows AS (
    SELECT DISTINCT source_file, event_date, p, us, ue, window_start_local AS ms, window_end_local AS me
    FROM u WHERE authority = 'mod'
),
pairs AS (
    SELECT DISTINCT ON (g.claim_id) CASE WHEN g.source_file = m.source_file THEN g.source_file END AS source_file,
           g.claim_id, g.window_start_local AS gs, g.window_end_local AS ge, m.ms, m.me
    FROM u AS g JOIN mod_windows AS m
      ON g.authority IN ('governor', 'mayor') AND g.p = m.p
     AND ((g.event_date = m.event_date) OR (g.event_date IS NULL AND m.event_date IS NULL AND g.source_file = m.source_file))
    WHERE g.us < m.us OR g.ue > m.ue
    ORDER BY g.claim_id, (g.source_file = m.source_file) DESC, m.ms, m.me, m.source_file   -- one answer, every run
)
SELECT source_file, claim_id,
       format('window {}-{} is not inside the ministry''s {}-{}', left(CAST(gs AS VARCHAR), 5), left(CAST(ge AS VARCHAR), 5), left(CAST(ms AS VARCHAR), 5), left(CAST(me AS VARCHAR), 5)) AS message,
       json_object('window', left(CAST(gs AS VARCHAR), 5) || '-' || left(CAST(ge AS VARCHAR), 5), 'other_window', left(CAST(ms AS VARCHAR), 5) || '-' || left(CAST(me AS VARCHAR), 5)) AS detail
FROM pairs

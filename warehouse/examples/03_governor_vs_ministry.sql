-- Where do a governor and the ministry give different figures for the same region and day?
SELECT g.event_date, g.region_name, g.official, g.drones AS governor_says, m.drones AS ministry_says,
       g.source_file AS governor_article, m.source_file AS ministry_article
FROM marts.claims AS g
JOIN marts.claims AS m
  ON g.region_code = m.region_code AND g.event_date = m.event_date
 AND coalesce(g.period, '') = coalesce(m.period, '')
WHERE g.authority = 'governor' AND m.authority = 'mod' AND m.scope = 'region' AND g.drones <> m.drones
ORDER BY g.event_date, g.region_name;

-- marts.daily_envelope: per Moscow day and region, the figures the authorities claim side by side: the lowest
-- and the highest (each authority's figure of the day as in marts.daily_region: its distinct statements
-- summed), how many authorities gave one, and whether they agree. The low/high habit of conflict-event
-- datasets: a range of claims, not one number.
CREATE OR REPLACE TABLE marts.daily_envelope AS
SELECT
    event_date,
    region_code,
    any_value(region_name) AS region_name,
    min(drones)::INTEGER AS low_drones,
    max(drones)::INTEGER AS high_drones,
    (list(authority ORDER BY drones, authority))[1] AS low_authority,
    (list(authority ORDER BY drones DESC, authority))[1] AS high_authority,
    count(*)::INTEGER AS n_authorities,
    list(authority ORDER BY authority) AS authorities,
    min(drones) = max(drones) AS authorities_agree,
    list({'authority': authority, 'drones': drones} ORDER BY authority) AS figures,
    bool_or(has_inexact_figures) AS has_inexact_figures,
    bool_or(has_flagged_claims) AS has_flagged_claims
FROM marts.daily_region
GROUP BY event_date, region_code
ORDER BY event_date, region_code;

-- Claims in the published table by check status (the whole archive, not only this run).
SELECT count(*) AS claims,
       count(*) FILTER (WHERE dq_status = 'ok') AS ok,
       count(*) FILTER (WHERE dq_status = 'warn') AS warn,
       count(*) FILTER (WHERE dq_status = 'fail') AS fail
FROM marts.claims;

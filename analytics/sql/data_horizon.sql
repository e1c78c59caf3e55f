-- data_horizon: the first and last day the data covers (whole months, see build_horizon.sql: the
-- app's selectable period and the "as of" date for tenure and headcount), plus the filter
-- options present in the roster.
SELECT
    (SELECT first_day FROM horizon) AS first_day,
    (SELECT last_day FROM horizon) AS last_day,
    (SELECT list(DISTINCT department ORDER BY department) FROM workers) AS departments,
    (SELECT list(DISTINCT role ORDER BY role) FROM workers) AS roles

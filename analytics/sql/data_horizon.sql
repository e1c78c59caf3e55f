-- data_horizon: the first and last day the timesheets cover (the app's selectable period and
-- the "as of" date for tenure and headcount), plus the filter options present in the roster.
SELECT
    (SELECT min(week_start) FROM timesheets) AS first_day,
    (SELECT max(week_start) + 6 FROM timesheets) AS last_day,
    (SELECT list(DISTINCT department ORDER BY department) FROM workers) AS departments,
    (SELECT list(DISTINCT role ORDER BY role) FROM workers) AS roles

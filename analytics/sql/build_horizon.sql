-- build_horizon: what the data covers, one row. Whole months: from the first day of the month of
-- the first timesheet week to the last day of the month holding the last timesheet week's last
-- day, so a salaried person employed all of the last month is paid for all of it, whatever the
-- timesheets say. first_week / last_week bound the weekly facts (capacity is per logged week).
-- Running engagements (started, no actual end) run until last_day. Rebuilt first on every load.
CREATE OR REPLACE TABLE horizon AS
SELECT
    date_trunc('month', min(week_start))::DATE AS first_day,
    last_day(max(week_start) + 6) AS last_day,
    min(week_start) AS first_week,
    max(week_start) AS last_week
FROM timesheets

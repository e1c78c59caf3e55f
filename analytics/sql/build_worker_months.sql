-- build_worker_months: one row per person per calendar month they were employed, within the
-- data's horizon (first timesheet week to the end of the last one).
-- days_employed drives employees' pro-rated spend; hours (by week_start's month) drive
-- contractors' spend. Rebuilt inside every load transaction.
CREATE OR REPLACE TABLE worker_months AS
WITH horizon AS (
    SELECT min(week_start) AS first_day, max(week_start) + 6 AS last_day FROM timesheets
),
spans AS (
    SELECT
        w.worker_id,
        greatest(w.start_date, h.first_day) AS lo,
        least(coalesce(w.end_date, h.last_day), h.last_day) AS hi
    FROM workers AS w, horizon AS h
    WHERE h.first_day IS NOT NULL
),
months AS (
    SELECT worker_id, lo, hi,
        unnest(generate_series(date_trunc('month', lo), date_trunc('month', hi), INTERVAL 1 MONTH))::DATE AS month
    FROM spans
    WHERE lo <= hi
),
logged AS (
    SELECT
        worker_id, date_trunc('month', week_start)::DATE AS month,
        sum(hours) AS hours,
        coalesce(sum(hours) FILTER (WHERE billable), 0) AS billable_hours
    FROM timesheets
    GROUP BY ALL
)
SELECT
    m.worker_id,
    m.month,
    datediff('day', greatest(m.month, m.lo), least(last_day(m.month), m.hi)) + 1 AS days_employed,
    coalesce(l.hours, 0) AS hours,
    coalesce(l.billable_hours, 0) AS billable_hours
FROM months AS m
LEFT JOIN logged AS l USING (worker_id, month)
ORDER BY m.month, m.worker_id

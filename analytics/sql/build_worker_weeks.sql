-- build_worker_weeks: one row per person per week they were employed, within the data's
-- horizon (first to last timesheet week). Rebuilt inside every load transaction.
-- capacity_hours = weekly_capacity_hours × (workdays employed that week / 5) − time off,
-- floored at 0: starters and leavers get a pro-rated week, and capacity is net of leave.
-- weekly_capacity_hours is the one in force on the week's Monday (pay_spans: compensation
-- history, else the roster's).
-- engagement_hours = hours logged with an engagement_id (billable or not): the bench rules read it.
CREATE OR REPLACE TABLE worker_weeks AS
WITH horizon AS (
    SELECT min(week_start) AS first_week, max(week_start) AS last_week FROM timesheets
),
spans AS (
    SELECT
        w.worker_id,
        w.start_date,
        coalesce(w.end_date, DATE '9999-12-31') AS end_date,
        greatest(date_trunc('week', w.start_date)::DATE, h.first_week) AS lo,
        least(date_trunc('week', coalesce(w.end_date, h.last_week))::DATE, h.last_week) AS hi
    FROM workers AS w, horizon AS h
    WHERE h.first_week IS NOT NULL
),
-- the weeks lo, lo + 7, …, hi as offsets n = 0 … (hi − lo) / 7: written so that DuckDB and, through
-- SQLGlot, Spark SQL both run it (Spark allows no generator inside a cast)
week_numbers AS (
    SELECT
        worker_id, start_date, end_date, lo,
        unnest(generate_series(0, datediff('day', lo, hi) // 7)) AS n
    FROM spans
    WHERE lo <= hi
),
mondays AS (
    SELECT worker_id, start_date, end_date, lo + 7 * CAST(n AS INTEGER) AS week_start
    FROM week_numbers
),
weeks AS (
    SELECT m.worker_id, s.weekly_capacity_hours, m.start_date, m.end_date, m.week_start
    FROM mondays AS m
    JOIN pay_spans AS s ON s.worker_id = m.worker_id AND m.week_start BETWEEN s.valid_from AND s.valid_to
),
logged AS (
    SELECT
        worker_id, week_start,
        sum(hours) AS total_hours,
        coalesce(sum(hours) FILTER (WHERE billable), 0) AS billable_hours,
        coalesce(sum(hours) FILTER (WHERE engagement_id IS NOT NULL), 0) AS engagement_hours
    FROM timesheets
    GROUP BY ALL
),
off AS (
    SELECT worker_id, week_start, sum(hours) AS time_off_hours FROM time_off GROUP BY ALL
)
SELECT
    k.worker_id,
    k.week_start,
    greatest(
        0,
        datediff('day', greatest(k.week_start, k.start_date), least(k.week_start + 4, k.end_date)) + 1
    ) AS workdays,
    coalesce(o.time_off_hours, 0) AS time_off_hours,
    greatest(
        0,
        k.weekly_capacity_hours * greatest(
            0,
            datediff('day', greatest(k.week_start, k.start_date), least(k.week_start + 4, k.end_date)) + 1
        ) / 5.0 - coalesce(o.time_off_hours, 0)
    ) AS capacity_hours,
    coalesce(l.total_hours, 0) AS total_hours,
    coalesce(l.billable_hours, 0) AS billable_hours,
    coalesce(l.engagement_hours, 0) AS engagement_hours
FROM weeks AS k
LEFT JOIN logged AS l USING (worker_id, week_start)
LEFT JOIN off AS o USING (worker_id, week_start)
ORDER BY k.week_start, k.worker_id

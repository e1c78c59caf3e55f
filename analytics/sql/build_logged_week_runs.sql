-- build_logged_week_runs: the weeks each person logged hours in (a timesheet row with hours > 0,
-- employed that week or not), as runs of consecutive weeks: first_week, first_week + 7, …,
-- last_week, every one of them logged. How many weeks someone logged up to a date is then a sum
-- over a few runs, not a count over every timesheet row they wrote. Rebuilt inside every load
-- transaction.
CREATE OR REPLACE TABLE logged_week_runs AS
WITH weeks AS (
    SELECT DISTINCT worker_id, week_start FROM timesheets WHERE hours > 0
),
flagged AS (
    SELECT
        worker_id, week_start,
        CASE WHEN datediff('day', lag(week_start) OVER (PARTITION BY worker_id ORDER BY week_start), week_start) = 7
            THEN 0 ELSE 1 END AS starts_run
    FROM weeks
),
numbered AS (
    SELECT
        worker_id, week_start,
        sum(starts_run) OVER (
            PARTITION BY worker_id ORDER BY week_start ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS run
    FROM flagged
)
SELECT worker_id, min(week_start) AS first_week, max(week_start) AS last_week
FROM numbered
GROUP BY worker_id, run
ORDER BY worker_id, first_week

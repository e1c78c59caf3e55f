-- build_engagement_week_runs: the weeks each person logged hours (> 0) on each engagement, as runs
-- of consecutive weeks (first_week, first_week + 7, …, last_week, every one of them logged): which
-- engagements someone worked on in a window of weeks is then an overlap test per run instead of a
-- scan of the window's timesheets. Sorted by last_week: a window's query (last_week >= its first week)
-- skips the row groups of runs that ended before it. Rebuilt inside every load transaction.
CREATE OR REPLACE TABLE engagement_week_runs AS
WITH weeks AS (
    SELECT DISTINCT worker_id, engagement_id, week_start
    FROM timesheets
    WHERE engagement_id IS NOT NULL AND hours > 0
),
flagged AS (
    SELECT
        worker_id, engagement_id, week_start,
        CASE WHEN datediff(
            'day', lag(week_start) OVER (PARTITION BY worker_id, engagement_id ORDER BY week_start), week_start
        ) = 7 THEN 0 ELSE 1 END AS starts_run
    FROM weeks
),
numbered AS (
    SELECT
        worker_id, engagement_id, week_start,
        sum(starts_run) OVER (
            PARTITION BY worker_id, engagement_id ORDER BY week_start
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS run
    FROM flagged
)
SELECT worker_id, engagement_id, min(week_start) AS first_week, max(week_start) AS last_week
FROM numbered
GROUP BY worker_id, engagement_id, run
ORDER BY last_week, worker_id, engagement_id, first_week

-- build_group_weeks: worker_weeks pre-aggregated per week × worker type × department × role
-- (the grain of the global filters), so weekly group figures read a few thousand rows instead of
-- millions of person-weeks. `people` is exact: worker_weeks has one row per person and week.
-- Rebuilt inside every load transaction, after worker_weeks.
CREATE OR REPLACE TABLE group_weeks AS
SELECT
    k.week_start,
    w.worker_type,
    w.department,
    w.role,
    count(*) AS people,
    sum(k.capacity_hours) AS capacity_hours,
    sum(k.total_hours) AS total_hours,
    sum(k.billable_hours) AS billable_hours,
    sum(k.time_off_hours) AS time_off_hours
FROM worker_weeks AS k
JOIN workers AS w USING (worker_id)
GROUP BY ALL
ORDER BY ALL

-- build_quality_over_capacity: person-weeks whose logged hours exceed the person's weekly capacity
-- by more than the margin — 1.5 × capacity, 60 h for a 40-hour person (analytics.ingest.quality
-- reads the factor from this file) —, one row per person and week, for the Data page's standing
-- data-quality section and each upload's warnings. The weeks a person was employed come from
-- worker_weeks (its total_hours is every hour logged that week), the weeks wholly outside their
-- employment, which worker_weeks leaves out, from the timesheets. Rebuilt after worker_weeks; a
-- load that replaces some weeks rebuilds only their rows (analytics.db.PARTIAL_REBUILD).
CREATE OR REPLACE TABLE quality_over_capacity AS
WITH logged AS (
    SELECT worker_id, week_start, total_hours AS hours_logged FROM worker_weeks
    UNION ALL
    SELECT t.worker_id, t.week_start, sum(t.hours) AS hours_logged
    FROM timesheets AS t
    JOIN workers AS w USING (worker_id)
    WHERE t.week_start + 6 < w.start_date OR t.week_start > w.end_date
    GROUP BY t.worker_id, t.week_start
)
SELECT l.worker_id, w.full_name, l.week_start, l.hours_logged, w.weekly_capacity_hours
FROM logged AS l
JOIN workers AS w USING (worker_id)
WHERE l.hours_logged > w.weekly_capacity_hours * 1.5
ORDER BY l.week_start, l.worker_id

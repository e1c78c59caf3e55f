-- build_quality_orphans: rows that refer to a person or engagement the workspace does not hold
-- (they count on no page): table, column, the missing value, the week (none for reviews) and how
-- many rows. Rows of a week depend only on that week's timesheets and time off, so a load that
-- replaces some weeks rebuilds only their rows (analytics.db.PARTIAL_REBUILD); the reviews' rows,
-- with no week, change only with a full rebuild.
CREATE OR REPLACE TABLE quality_orphans AS
SELECT 'timesheets' AS "table", 'worker_id' AS "column", worker_id AS "value", week_start, count(*) AS "rows"
FROM timesheets WHERE worker_id NOT IN (SELECT worker_id FROM workers) GROUP BY worker_id, week_start
UNION ALL
SELECT 'timesheets', 'engagement_id', engagement_id, week_start, count(*)
FROM timesheets WHERE engagement_id IS NOT NULL AND engagement_id NOT IN (SELECT engagement_id FROM engagements)
GROUP BY engagement_id, week_start
UNION ALL
SELECT 'time_off', 'worker_id', worker_id, week_start, count(*)
FROM time_off WHERE worker_id NOT IN (SELECT worker_id FROM workers) GROUP BY worker_id, week_start
UNION ALL
SELECT 'reviews', 'worker_id', worker_id, CAST(NULL AS DATE), count(*)
FROM reviews WHERE worker_id NOT IN (SELECT worker_id FROM workers) GROUP BY worker_id

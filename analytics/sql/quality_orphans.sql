-- Rows that refer to a person or engagement the workspace does not hold (they count on no page):
-- table, column, the missing value and how many rows refer to it.
SELECT 'timesheets' AS "table", 'worker_id' AS "column", worker_id AS value, count(*) AS rows
FROM timesheets WHERE worker_id NOT IN (SELECT worker_id FROM workers) GROUP BY ALL
UNION ALL
SELECT 'timesheets', 'engagement_id', engagement_id, count(*)
FROM timesheets WHERE engagement_id IS NOT NULL AND engagement_id NOT IN (SELECT engagement_id FROM engagements) GROUP BY ALL
UNION ALL
SELECT 'time_off', 'worker_id', worker_id, count(*)
FROM time_off WHERE worker_id NOT IN (SELECT worker_id FROM workers) GROUP BY ALL
UNION ALL
SELECT 'reviews', 'worker_id', worker_id, count(*)
FROM reviews WHERE worker_id NOT IN (SELECT worker_id FROM workers) GROUP BY ALL
ORDER BY 1, 2, 4 DESC, 3

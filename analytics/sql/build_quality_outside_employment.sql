-- build_quality_outside_employment: timesheet rows for a week that ends before the person's start
-- date or starts after their end date (the Data page's data-quality section, upload warnings).
-- A load that replaces some weeks rebuilds only their rows (analytics.db.PARTIAL_REBUILD).
CREATE OR REPLACE TABLE quality_outside_employment AS
SELECT t.worker_id, w.full_name, t.engagement_id, t.week_start, t.hours, w.start_date, w.end_date
FROM timesheets AS t
JOIN workers AS w USING (worker_id)
WHERE t.week_start + 6 < w.start_date OR t.week_start > w.end_date
ORDER BY t.week_start, t.worker_id

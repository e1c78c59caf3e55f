-- build_quality_outside_engagement: timesheet rows on an engagement for a week that ends before the
-- engagement started (actual start, else planned) or starts after it ended (actual end). A load
-- that replaces some weeks rebuilds only their rows (analytics.db.PARTIAL_REBUILD).
CREATE OR REPLACE TABLE quality_outside_engagement AS
SELECT t.worker_id, t.engagement_id, e.name AS engagement, t.week_start, t.hours,
       coalesce(e.actual_start, e.planned_start) AS engagement_start, e.actual_end AS engagement_end
FROM timesheets AS t
JOIN engagements AS e USING (engagement_id)
WHERE t.week_start + 6 < coalesce(e.actual_start, e.planned_start) OR t.week_start > e.actual_end
ORDER BY t.week_start, t.worker_id

-- build_engagement_recent_hours: the work in hand at the end of the data: per engagement × role ×
-- seniority, the hours a week logged on it over the data's last four timesheet weeks (Σ hours / 4;
-- the horizon's last_week and the three before). The plan reads it as confirmed demand
-- (plan_engagement_demand.sql) instead of scanning those weeks' timesheets. Rebuilt inside every
-- load transaction, after horizon.
CREATE OR REPLACE TABLE engagement_recent_hours AS
SELECT t.engagement_id, w.role, w.seniority, sum(t.hours) / 4.0 AS hours_per_week
FROM timesheets AS t
JOIN workers AS w USING (worker_id)
CROSS JOIN horizon AS h
WHERE t.engagement_id IS NOT NULL AND t.week_start > h.last_week - 28
GROUP BY t.engagement_id, w.role, w.seniority
ORDER BY ALL

-- build_engagement_hours: hours logged per engagement by employees and by contractors, and
-- how many people of each type; the basis of the delivery model (in-house / contractor / mixed).
CREATE OR REPLACE TABLE engagement_hours AS
SELECT
    t.engagement_id,
    coalesce(sum(t.hours) FILTER (WHERE w.worker_type = 'employee'), 0) AS employee_hours,
    coalesce(sum(t.hours) FILTER (WHERE w.worker_type = 'contractor'), 0) AS contractor_hours,
    count(DISTINCT t.worker_id) FILTER (WHERE w.worker_type = 'employee') AS employees,
    count(DISTINCT t.worker_id) FILTER (WHERE w.worker_type = 'contractor') AS contractors
FROM timesheets AS t
JOIN workers AS w USING (worker_id)
WHERE t.engagement_id IS NOT NULL
GROUP BY t.engagement_id

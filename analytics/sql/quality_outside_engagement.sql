-- Timesheet rows on an engagement for a week that ends before the engagement started (actual
-- start, else planned) or starts after it ended (actual end). {scope} narrows to an upload's rows.
SELECT t.worker_id, t.engagement_id, e.name AS engagement, t.week_start, t.hours,
       coalesce(e.actual_start, e.planned_start) AS engagement_start, e.actual_end AS engagement_end
FROM timesheets AS t
JOIN engagements AS e USING (engagement_id)
WHERE ({scope})
  AND (t.week_start + INTERVAL 6 DAY < coalesce(e.actual_start, e.planned_start) OR t.week_start > e.actual_end)
ORDER BY t.week_start, t.worker_id

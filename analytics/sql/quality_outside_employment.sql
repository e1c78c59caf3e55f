-- Timesheet rows for a week that ends before the person's start date or starts after their end
-- date. {scope} narrows to the rows of an upload.
SELECT t.worker_id, w.full_name, t.engagement_id, t.week_start, t.hours, w.start_date, w.end_date
FROM timesheets AS t
JOIN workers AS w USING (worker_id)
WHERE ({scope})
  AND (t.week_start + INTERVAL 6 DAY < w.start_date OR t.week_start > w.end_date)
ORDER BY t.week_start, t.worker_id

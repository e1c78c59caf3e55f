-- Person-weeks whose logged hours exceed the person's weekly capacity by more than the margin
-- ($factor × capacity, e.g. 1.5 → 60 h for a 40-hour person): one row per person and week.
-- {scope} narrows to the rows of an upload (a fixed fragment chosen in analytics.ingest.quality).
SELECT t.worker_id, w.full_name, t.week_start, sum(t.hours) AS hours_logged, w.weekly_capacity_hours
FROM timesheets AS t
JOIN workers AS w USING (worker_id)
WHERE {scope}
GROUP BY t.worker_id, w.full_name, t.week_start, w.weekly_capacity_hours
HAVING sum(t.hours) > w.weekly_capacity_hours * $factor
ORDER BY t.week_start, t.worker_id

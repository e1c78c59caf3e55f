-- plan_capacity_groups: the roster the plan's capacity starts from, grouped: everyone (of the filtered
-- departments and roles; both worker types, whatever the worker-type filter says) not gone by $as_of,
-- the data's last day, future starters included, as role × worker type × first day in the plan (start
-- or the day after $as_of) × end date × weekly hours, with how many people share them. Everyone
-- without an end date who is already there falls into a few groups, so 50,000 people read as dozens.
-- Weekly hours are those in force on that first day in the plan (pay_spans).
SELECT
    w.role, w.worker_type,
    greatest(w.start_date, $as_of::DATE + 1) AS start_date,
    w.end_date,
    s.weekly_capacity_hours,
    count(*) AS people
FROM workers AS w
JOIN pay_spans AS s
    ON s.worker_id = w.worker_id AND greatest(w.start_date, $as_of::DATE + 1) BETWEEN s.valid_from AND s.valid_to
WHERE (w.end_date IS NULL OR w.end_date > $as_of::DATE)
  AND (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], w.department))
  AND (len($roles::VARCHAR[]) = 0 OR list_contains($roles::VARCHAR[], w.role))
GROUP BY ALL
ORDER BY ALL

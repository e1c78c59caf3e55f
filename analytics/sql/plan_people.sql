-- plan_people: the roster the plan's capacity starts from: everyone (of the filtered departments and
-- roles; both worker types, whatever the worker-type filter says) not gone by $as_of, the data's last
-- day, future starters included, with the weekly hours they are contracted for.
SELECT
    w.worker_id, w.full_name, w.worker_type, w.role, w.seniority, w.department, w.vendor,
    w.start_date, w.end_date, w.weekly_capacity_hours
FROM workers AS w
WHERE (w.end_date IS NULL OR w.end_date > $as_of::DATE)
  AND (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], w.department))
  AND (len($roles::VARCHAR[]) = 0 OR list_contains($roles::VARCHAR[], w.role))
ORDER BY w.role, w.worker_id

-- plan_leavers: the people (filtered departments and roles, both worker types) whose end date falls
-- within the longest plan after $as_of (25 months): who rolls off, soonest first.
SELECT w.full_name, w.worker_type, w.role, w.department, w.end_date, w.weekly_capacity_hours
FROM workers AS w
WHERE w.end_date > $as_of::DATE AND w.end_date <= $as_of::DATE + INTERVAL 25 MONTH
  AND (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], w.department))
  AND (len($roles::VARCHAR[]) = 0 OR list_contains($roles::VARCHAR[], w.role))
ORDER BY w.end_date, w.full_name

-- plan_leavers: the people (filtered departments and roles, both worker types) whose end date falls
-- within the longest plan after $as_of (25 months): who rolls off, soonest first, with the weekly hours
-- in force on their first day in the plan (pay_spans), as plan_capacity_groups counts them.
SELECT w.full_name, w.worker_type, w.role, w.department, w.end_date, s.weekly_capacity_hours
FROM workers AS w
JOIN pay_spans AS s
    ON s.worker_id = w.worker_id AND greatest(w.start_date, $as_of::DATE + 1) BETWEEN s.valid_from AND s.valid_to
WHERE w.end_date > $as_of::DATE AND w.end_date <= $as_of::DATE + INTERVAL 25 MONTH
  AND (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], w.department))
  AND (len($roles::VARCHAR[]) = 0 OR list_contains($roles::VARCHAR[], w.role))
ORDER BY w.end_date, w.full_name

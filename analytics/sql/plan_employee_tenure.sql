-- plan_employee_tenure: for the Kaplan–Meier attrition default, each employee of the filtered
-- departments and roles who started by $as_of: tenure in days (to end_date or $as_of, whichever is
-- earlier) and whether they had left by then, counted: tenure_days, left_by_then, people (one row
-- per distinct tenure and outcome, ~3,000 rows at 500,000 people; the curve needs nothing else).
SELECT
    datediff('day', w.start_date, least(coalesce(w.end_date, $as_of::DATE), $as_of::DATE)) AS tenure_days,
    NOT (w.end_date IS NULL OR w.end_date >= $as_of::DATE) AS left_by_then,
    count(*) AS people
FROM workers AS w
WHERE w.worker_type = 'employee' AND w.start_date <= $as_of::DATE
  AND (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], w.department))
  AND (len($roles::VARCHAR[]) = 0 OR list_contains($roles::VARCHAR[], w.role))
GROUP BY ALL
ORDER BY ALL

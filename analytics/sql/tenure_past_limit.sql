-- tenure_past_limit: the filtered contractors active on $as_of whose tenure to $as_of exceeds
-- $limit_months months of $days_per_month days, for the Duration page's past-the-limit list:
-- worker_id, full_name, worker_type, role, department, vendor, start_date, tenure_days, active.
-- (analytics.metrics.tenure.past_tenure_limit applies the exact rule in months; this keeps a day's
-- margin, so a rounding difference between the engines can only add a row that rule then drops.)
SELECT
    w.worker_id, w.full_name, w.worker_type, w.role, w.department, w.vendor, w.start_date,
    datediff('day', w.start_date, $as_of::DATE) AS tenure_days,
    TRUE AS active
FROM workers AS w
WHERE w.worker_type = 'contractor'
  AND w.start_date <= $as_of::DATE
  AND (w.end_date IS NULL OR w.end_date >= $as_of::DATE)
  AND datediff('day', w.start_date, $as_of::DATE) + 1 > $limit_months * $days_per_month
  AND {worker_filter}
ORDER BY w.worker_id

-- utilization_facts: Σ capacity, Σ logged and Σ billable hours per week × worker type ×
-- department × role for the filtered people, weeks starting inside the period.
-- Rates are formed from these sums (Σ hours / Σ capacity), never by averaging people's rates.
SELECT
    k.week_start,
    w.worker_type,
    w.department,
    w.role,
    count(DISTINCT k.worker_id) AS people,
    sum(k.capacity_hours) AS capacity_hours,
    sum(k.total_hours) AS total_hours,
    sum(k.billable_hours) AS billable_hours,
    sum(k.time_off_hours) AS time_off_hours
FROM worker_weeks AS k
JOIN workers AS w USING (worker_id)
WHERE k.week_start BETWEEN $start::DATE AND $end::DATE
  AND {worker_filter}
GROUP BY ALL
ORDER BY ALL

-- utilization_facts: Σ capacity, Σ logged and Σ billable hours per week × worker type ×
-- department × role for the filtered people, weeks starting inside the period.
-- Rates are formed from these sums (Σ hours / Σ capacity), never by averaging people's rates.
-- Reads group_weeks (worker_weeks pre-aggregated at load to exactly these groups), whose
-- columns carry the worker attributes the global filter tests, hence the alias `w`.
SELECT
    w.week_start,
    w.worker_type,
    w.department,
    w.role,
    w.people,
    w.capacity_hours,
    w.total_hours,
    w.billable_hours,
    w.time_off_hours
FROM group_weeks AS w
WHERE w.week_start BETWEEN $start::DATE AND $end::DATE
  AND {worker_filter}
ORDER BY ALL

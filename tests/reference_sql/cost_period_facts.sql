-- cost_period_facts: pay components over the whole filtered period per worker type × department
-- × role × seniority × vendor. Every person falls in exactly one group, so `people` (distinct
-- people paid in the period) adds up correctly to any coarser grouping — which the monthly
-- spend_facts cannot offer across months. Columns as in spend_facts (assumption-free):
--   salary_cost         Σ annual_salary × days employed in the period / 365   (employees)
--   employee_years      Σ days employed / 365                                  (employees)
--   contractor_billings Σ hours × hourly_rate                                 (contractors)
--   hours, billable_hours  Σ logged hours, Σ billable hours
-- (salary and rate in force on each day / week: worker_months.salary_cost and .billings)
SELECT
    w.worker_type,
    w.department,
    w.role,
    w.seniority,
    CASE WHEN w.worker_type = 'contractor' THEN coalesce(nullif(w.vendor, ''), 'Independent') ELSE '' END AS vendor,
    count(DISTINCT w.worker_id) AS people,
    sum(CASE WHEN w.worker_type = 'employee' THEN m.salary_cost ELSE 0 END) AS salary_cost,
    sum(CASE WHEN w.worker_type = 'employee' THEN m.days_employed / 365.0 ELSE 0 END) AS employee_years,
    sum(CASE WHEN w.worker_type = 'contractor' THEN m.billings ELSE 0 END) AS contractor_billings,
    sum(m.hours) AS hours,
    sum(m.billable_hours) AS billable_hours
FROM worker_months AS m
JOIN workers AS w USING (worker_id)
WHERE m.month BETWEEN date_trunc('month', $start::DATE) AND $end::DATE
  AND {worker_filter}
GROUP BY ALL
ORDER BY ALL

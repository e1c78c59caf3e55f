-- cost_period_facts: pay components over the whole filtered period per worker type × department
-- × role × seniority × vendor. Every person falls in exactly one group, so `people` (distinct
-- people paid in the period) adds up correctly to any coarser grouping — which the monthly
-- spend_facts cannot offer across months. Columns as in spend_facts (assumption-free):
--   salary_cost         Σ annual_salary × days employed in the period / 365   (employees)
--   employee_years      Σ days employed / 365                                  (employees)
--   contractor_billings Σ hours × hourly_rate                                 (contractors)
--   hours, billable_hours  Σ logged hours, Σ billable hours
-- The sums add up group_months over the period; `people` counts the distinct people with a
-- worker_months row in a month of the period (employed, or logged hours, there), read from the
-- runs of months built at load (worker_month_runs).
WITH sums AS (
    SELECT
        w.worker_type, w.department, w.role, w.seniority, w.vendor,
        sum(w.salary_cost) AS salary_cost,
        sum(w.employee_years) AS employee_years,
        sum(w.contractor_billings) AS contractor_billings,
        sum(w.hours) AS hours,
        sum(w.billable_hours) AS billable_hours
    FROM group_months AS w
    WHERE w.month BETWEEN date_trunc('month', $start::DATE) AND $end::DATE
      AND {worker_filter}
    GROUP BY ALL
),
people AS (  -- distinct people with a worker_months row in a month of the period: one overlap test per run of months
    SELECT
        w.worker_type, w.department, w.role, w.seniority,
        CASE WHEN w.worker_type = 'contractor' THEN coalesce(nullif(w.vendor, ''), 'Independent') ELSE '' END AS vendor,
        count(DISTINCT r.worker_id) AS people
    FROM worker_month_runs AS r
    JOIN workers AS w USING (worker_id)
    WHERE r.first_month <= $end::DATE AND r.last_month >= date_trunc('month', $start::DATE)
      AND {worker_filter}
    GROUP BY ALL
)
SELECT
    s.worker_type, s.department, s.role, s.seniority, s.vendor,
    p.people,
    s.salary_cost, s.employee_years, s.contractor_billings, s.hours, s.billable_hours
FROM sums AS s
JOIN people AS p USING (worker_type, department, role, seniority, vendor)
ORDER BY ALL

-- cost_period_facts: pay components over the whole filtered period per worker type × department
-- × role × seniority × vendor. Every person falls in exactly one group, so `people` (distinct
-- people paid in the period) adds up correctly to any coarser grouping — which the monthly
-- spend_facts cannot offer across months. Columns as in spend_facts (assumption-free):
--   salary_cost         Σ annual_salary × days employed in the period / 365   (employees)
--   employee_years      Σ days employed / 365                                  (employees)
--   contractor_billings Σ hours × hourly_rate, but hours on invoiced work      (contractors)
--   hours, billable_hours  Σ logged hours, Σ billable hours
--   invoiced, invoiced_spread  fixed-fee and milestone spend (invoice_months; see spend_facts.sql)
-- The sums add up group_months over the period; `people` counts the distinct people with a
-- worker_months row in a month of the period (employed, or logged hours, there), read from the
-- runs of months built at load (worker_month_runs).
WITH facts AS (
    SELECT w.worker_type, w.department, w.role, w.seniority, w.vendor, w.salary_cost, w.employee_years,
           w.contractor_billings, w.hours, w.billable_hours, 0.0 AS invoiced, 0.0 AS invoiced_spread
    FROM group_months AS w
    WHERE w.month BETWEEN date_trunc('month', $start::DATE) AND $end::DATE
      AND {worker_filter}
    UNION ALL
    SELECT w.worker_type, w.department, w.role, w.seniority, w.vendor, 0.0, 0.0, 0.0, 0.0, 0.0,
           w.invoiced, w.invoiced_spread
    FROM invoice_months AS w
    WHERE w.month BETWEEN date_trunc('month', $start::DATE) AND $end::DATE
      AND {worker_filter}
),
sums AS (
    SELECT
        worker_type, department, role, seniority, vendor,
        sum(salary_cost) AS salary_cost,
        sum(employee_years) AS employee_years,
        sum(contractor_billings) AS contractor_billings,
        sum(hours) AS hours,
        sum(billable_hours) AS billable_hours,
        sum(invoiced) AS invoiced,
        sum(invoiced_spread) AS invoiced_spread
    FROM facts
    GROUP BY ALL
),
people AS (  -- people with a worker_months row in a month of the period: one overlap test per run of months;
            -- a person is one roster row in one group, so counting the roster rows with such a run counts them
            -- once each, with no DISTINCT over the runs
    SELECT
        w.worker_type, w.department, w.role, w.seniority,
        CASE WHEN w.worker_type = 'contractor' THEN coalesce(nullif(w.vendor, ''), 'Independent') ELSE '' END AS vendor,
        count(*) AS people
    FROM workers AS w
    WHERE w.worker_id IN (
            SELECT r.worker_id FROM worker_month_runs AS r
            WHERE r.first_month <= $end::DATE AND r.last_month >= date_trunc('month', $start::DATE)
        )
      AND {worker_filter}
    GROUP BY ALL
)
SELECT
    s.worker_type, s.department, s.role, s.seniority, s.vendor,
    coalesce(p.people, 0) AS people,
    s.salary_cost, s.employee_years, s.contractor_billings, s.hours, s.billable_hours, s.invoiced, s.invoiced_spread
FROM sums AS s
-- a group whose only spend is invoices of months its people logged nothing in has no people row
LEFT JOIN people AS p USING (worker_type, department, role, seniority, vendor)
ORDER BY ALL

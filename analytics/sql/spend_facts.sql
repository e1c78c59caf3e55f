-- spend_facts: pay components per month × worker type × department × role × seniority × vendor
-- for the filtered people and period. Cost assumptions are applied in analytics/costs.py
-- (one definition of fully loaded cost), so these columns are assumption-free:
--   salary_cost        Σ annual_salary × days employed in the month / 365   (employees)
--   employee_years     Σ days employed / 365                                 (employees)
--   contractor_billings Σ hours × hourly_rate, but hours on invoiced work    (contractors)
--   invoiced, invoiced_spread  fixed-fee and milestone spend by invoice date, or with fixed fees
--                      spread over their engagement's days (build_invoice_months; a setting picks one)
-- Reads group_months (worker_months pre-aggregated at load to exactly these groups) and invoice_months,
-- whose columns carry the worker attributes the global filter tests, hence the alias `w`.
WITH facts AS (
    SELECT w.month, w.worker_type, w.department, w.role, w.seniority, w.vendor, w.people, w.salary_cost,
           w.employee_years, w.contractor_billings, w.hours, w.billable_hours,
           0.0 AS invoiced, 0.0 AS invoiced_spread
    FROM group_months AS w
    WHERE w.month BETWEEN date_trunc('month', $start::DATE) AND $end::DATE
      AND {worker_filter}
    UNION ALL
    SELECT w.month, w.worker_type, w.department, w.role, w.seniority, w.vendor, 0 AS people, 0.0, 0.0, 0.0, 0.0, 0.0,
           w.invoiced, w.invoiced_spread
    FROM invoice_months AS w
    WHERE w.month BETWEEN date_trunc('month', $start::DATE) AND $end::DATE
      AND {worker_filter}
)
SELECT
    month, worker_type, department, role, seniority, vendor,
    sum(people) AS people,
    sum(salary_cost) AS salary_cost,
    sum(employee_years) AS employee_years,
    sum(contractor_billings) AS contractor_billings,
    sum(hours) AS hours,
    sum(billable_hours) AS billable_hours,
    sum(invoiced) AS invoiced,
    sum(invoiced_spread) AS invoiced_spread
FROM facts
GROUP BY ALL
ORDER BY ALL

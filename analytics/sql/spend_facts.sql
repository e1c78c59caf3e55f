-- spend_facts: pay components per month × worker type × department × role × seniority × vendor
-- for the filtered people and period. Cost assumptions are applied in analytics/costs.py
-- (one definition of fully loaded cost), so these columns are assumption-free:
--   salary_cost        Σ annual_salary × days employed in the month / 365   (employees)
--   employee_years     Σ days employed / 365                                 (employees)
--   contractor_billings Σ hours × hourly_rate                               (contractors)
-- Reads group_months (worker_months pre-aggregated at load to exactly these groups), whose
-- columns carry the worker attributes the global filter tests, hence the alias `w`.
SELECT
    w.month,
    w.worker_type,
    w.department,
    w.role,
    w.seniority,
    w.vendor,
    w.people,
    w.salary_cost,
    w.employee_years,
    w.contractor_billings,
    w.hours,
    w.billable_hours
FROM group_months AS w
WHERE w.month BETWEEN date_trunc('month', $start::DATE) AND $end::DATE
  AND {worker_filter}
ORDER BY ALL

-- spend_facts: pay components per month × worker type × department × role × seniority × vendor
-- for the filtered people and period. Cost assumptions are applied in analytics/metrics/costs.py
-- (one definition of fully loaded cost), so these columns are assumption-free:
--   salary_cost        Σ annual_salary × days employed in the month / 365   (employees)
--   employee_years     Σ days employed / 365                                 (employees)
--   contractor_billings Σ hours × hourly_rate                               (contractors)
-- (salary and rate in force on each day / week: worker_months.salary_cost and .billings)
SELECT
    m.month,
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

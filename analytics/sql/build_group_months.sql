-- build_group_months: worker_months pre-aggregated per month × worker type × department × role
-- × seniority × vendor, with the assumption-free pay components of spend_facts, so monthly spend
-- reads a few thousand rows instead of every person-month. `people` is exact: worker_months has
-- one row per person and month. Rebuilt inside every load transaction, after worker_months.
--   salary_cost         Σ annual_salary × days employed in the month / 365   (employees)
--   employee_years      Σ days employed / 365                                 (employees)
--   contractor_billings Σ hours × hourly_rate                                (contractors)
-- with the salary and rate in force on each day / week (worker_months, from pay_spans).
CREATE OR REPLACE TABLE group_months AS
SELECT
    m.month,
    w.worker_type,
    w.department,
    w.role,
    w.seniority,
    CASE WHEN w.worker_type = 'contractor' THEN coalesce(nullif(w.vendor, ''), 'Independent') ELSE '' END AS vendor,
    count(*) AS people,
    sum(CASE WHEN w.worker_type = 'employee' THEN m.salary_cost ELSE 0 END) AS salary_cost,
    sum(CASE WHEN w.worker_type = 'employee' THEN m.days_employed / CAST(365 AS DOUBLE) ELSE 0 END) AS employee_years,
    sum(CASE WHEN w.worker_type = 'contractor' THEN m.billings ELSE 0 END) AS contractor_billings,
    sum(m.hours) AS hours,
    sum(m.billable_hours) AS billable_hours
FROM worker_months AS m
JOIN workers AS w USING (worker_id)
GROUP BY ALL
ORDER BY ALL

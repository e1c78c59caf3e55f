-- spend_facts: pay components per month × worker type × department × role × seniority × vendor
-- for the filtered people and period. Cost assumptions are applied in analytics/metrics/costs.py
-- (one definition of fully loaded cost), so these columns are assumption-free:
--   salary_cost        Σ annual_salary × days employed in the month / 365   (employees)
--   employee_years     Σ days employed / 365                                 (employees)
--   contractor_billings Σ hours × hourly_rate                               (contractors)
--   invoiced, invoiced_spread  fixed-fee and milestone spend by invoice date / spread (see below)
-- (salary and rate in force on each day / week: worker_months.salary_cost and .billings)
WITH base AS (
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
),
-- Invoiced work (issue 16), from the raw tables one invoice and one day at a time: each invoice of a
-- fixed_fee or milestone engagement shared among the engagement vendor's contractors (any contractor when it
-- names no vendor) by the hours each logged on it in all; a fixed fee's total spread over the days of
-- actual_start (else planned_start) … actual_end (else planned_end); nobody's hours: the engagement's
-- department, role 'No hours logged'.
priced AS (
    SELECT e.*, coalesce(e.actual_start, e.planned_start) AS lo,
           greatest(coalesce(e.actual_end, e.planned_end), coalesce(e.actual_start, e.planned_start)) AS hi
    FROM engagements AS e WHERE e.pricing_model IN ('fixed_fee', 'milestone')
),
carriers AS (
    SELECT p.engagement_id, t.worker_id, sum(t.hours) AS hours
    FROM priced AS p JOIN timesheets AS t ON t.engagement_id = p.engagement_id JOIN workers AS c ON c.worker_id = t.worker_id
    WHERE c.worker_type = 'contractor' AND (p.vendor IS NULL OR p.vendor = '' OR coalesce(nullif(c.vendor, ''), 'Independent') = p.vendor)
    GROUP BY ALL HAVING sum(t.hours) > 0
),
days AS (  -- every day of every fixed fee, with its share of the invoiced total
    SELECT p.engagement_id, CAST(d.day AS DATE) AS day,
           (SELECT sum(i.amount) FROM invoices AS i WHERE i.engagement_id = p.engagement_id) / (datediff('day', p.lo, p.hi) + 1) AS amount
    FROM priced AS p, LATERAL (SELECT unnest(generate_series(p.lo, p.hi, INTERVAL 1 DAY)) AS day) AS d
    WHERE p.pricing_model = 'fixed_fee'
),
amounts AS (  -- (engagement, day, by invoice date, spread)
    SELECT i.engagement_id, i.invoice_date AS day, i.amount AS invoiced,
           CASE WHEN p.pricing_model = 'milestone' THEN i.amount ELSE 0 END AS invoiced_spread
    FROM invoices AS i JOIN priced AS p USING (engagement_id)
    UNION ALL
    SELECT engagement_id, day, 0, amount FROM days WHERE amount IS NOT NULL
),
carried AS (
    SELECT a.day, w.worker_type, w.department, w.role, w.seniority, coalesce(nullif(w.vendor, ''), 'Independent') AS vendor,
           a.invoiced * c.hours / (SELECT sum(hours) FROM carriers AS k WHERE k.engagement_id = c.engagement_id) AS invoiced,
           a.invoiced_spread * c.hours / (SELECT sum(hours) FROM carriers AS k WHERE k.engagement_id = c.engagement_id)
               AS invoiced_spread
    FROM amounts AS a JOIN carriers AS c USING (engagement_id) JOIN workers AS w ON w.worker_id = c.worker_id
    UNION ALL
    SELECT a.day, 'contractor', p.department, 'No hours logged', '', coalesce(nullif(p.vendor, ''), 'Independent'),
           a.invoiced, a.invoiced_spread
    FROM amounts AS a JOIN priced AS p USING (engagement_id)
    WHERE a.engagement_id NOT IN (SELECT engagement_id FROM carriers)
),
invoiced AS (
    SELECT date_trunc('month', w.day)::DATE AS month, w.worker_type, w.department, w.role, w.seniority, w.vendor,
           sum(w.invoiced) AS invoiced, sum(w.invoiced_spread) AS invoiced_spread
    FROM carried AS w
    WHERE date_trunc('month', w.day) BETWEEN date_trunc('month', $start::DATE) AND $end::DATE
      AND {worker_filter}
    GROUP BY ALL
),
inv AS (SELECT month, worker_type, department, role, seniority, vendor, sum(invoiced) AS invoiced, sum(invoiced_spread) AS invoiced_spread FROM invoiced GROUP BY ALL)
SELECT
    coalesce(b.month, i.month) AS month,
    coalesce(b.worker_type, i.worker_type) AS worker_type,
    coalesce(b.department, i.department) AS department,
    coalesce(b.role, i.role) AS role,
    coalesce(b.seniority, i.seniority) AS seniority,
    coalesce(b.vendor, i.vendor) AS vendor,
    coalesce(b.people, 0) AS people,
    coalesce(b.salary_cost, 0) AS salary_cost,
    coalesce(b.employee_years, 0) AS employee_years,
    coalesce(b.contractor_billings, 0) AS contractor_billings,
    coalesce(b.hours, 0) AS hours,
    coalesce(b.billable_hours, 0) AS billable_hours,
    coalesce(i.invoiced, 0) AS invoiced,
    coalesce(i.invoiced_spread, 0) AS invoiced_spread
FROM base AS b
FULL OUTER JOIN inv AS i ON b.month = i.month AND b.worker_type = i.worker_type AND b.department = i.department AND b.role = i.role AND b.seniority = i.seniority AND b.vendor = i.vendor
ORDER BY ALL

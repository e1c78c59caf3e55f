-- build_worker_months: one row per person per calendar month they were employed within the
-- data's horizon (build_horizon.sql: whole months), or logged hours in.
-- days_employed drives employees' pro-rated spend (days of the month between start_date and
-- end_date, clipped to the horizon); hours count in the month their week starts in, every hour
-- logged: a contractor starting on Wednesday 1 April who logs the week of Monday 30 March is paid
-- for those hours in March (days_employed 0 there). Pay at the values in force (pay_spans):
--   salary_cost  Σ over the days employed in the month of annual_salary in force that day / 365
--   billings     Σ over the month's weeks of hours × hourly_rate in force on the week's Monday, but for a
--                contractor's hours on a fixed_fee or milestone engagement of their vendor (paid by invoice:
--                build_invoice_months)
-- (both for everyone: build_group_months keeps salary for employees, billings for contractors).
-- Both in the reporting currency: pay in another currency (pay_spans.currency) converts with the
-- rate of the month the cost falls in (fx_spans: the salary's days' month, the week's Monday's
-- month). Pay whose currency has no rate for that month is left out of salary_cost / billings and
-- kept, in its own currency, in unrated_salary / unrated_billings with unrated_currency, so the
-- pages say how much is missing and for which currency and months (never a silent zero).
-- Rebuilt inside every load transaction.
CREATE OR REPLACE TABLE worker_months AS
WITH spans AS (
    SELECT
        w.worker_id,
        greatest(w.start_date, h.first_day) AS lo,
        least(coalesce(w.end_date, h.last_day), h.last_day) AS hi
    FROM workers AS w, horizon AS h
    WHERE h.first_day IS NOT NULL
),
-- the months of lo … hi as offsets n = 0, 1, … from lo's month, turned into dates with make_date:
-- portable SQL that DuckDB and, through SQLGlot, Spark SQL both run (no interval arithmetic; month
-- starts on both sides of datediff, since Spark counts whole months where DuckDB counts boundaries)
month_numbers AS (
    SELECT worker_id, lo, hi, unnest(generate_series(0, datediff('month', date_trunc('month', lo), date_trunc('month', hi)))) AS n
    FROM spans
    WHERE lo <= hi
),
months AS (
    SELECT
        worker_id, lo, hi,
        make_date(
            CAST(year(lo) + (month(lo) - 1 + n) // 12 AS INTEGER), CAST((month(lo) - 1 + n) % 12 + 1 AS INTEGER), 1
        ) AS month
    FROM month_numbers
),
salary_days AS (  -- the days of each month employed, split where the salary in force changes
    SELECT
        m.worker_id, m.month, s.currency, x.rate,
        coalesce(s.annual_salary, 0)
            * (datediff('day', greatest(m.month, m.lo, s.valid_from), least(last_day(m.month), m.hi, s.valid_to)) + 1)
            AS salary_days
    FROM months AS m
    JOIN pay_spans AS s
        ON s.worker_id = m.worker_id
       AND s.valid_from <= least(last_day(m.month), m.hi)
       AND s.valid_to >= greatest(m.month, m.lo)
    LEFT JOIN fx_spans AS x ON x.currency = s.currency AND (x.month IS NULL OR x.month = m.month)
),
salaried AS (
    SELECT
        worker_id, month,
        coalesce(sum(salary_days * rate), 0) / CAST(365 AS DOUBLE) AS salary_cost,
        coalesce(sum(CASE WHEN rate IS NULL THEN salary_days END), 0) / CAST(365 AS DOUBLE) AS unrated_salary,
        max(CASE WHEN rate IS NULL AND salary_days > 0 THEN currency END) AS unrated_salary_currency
    FROM salary_days
    GROUP BY ALL
),
invoiced_work AS (  -- engagements paid by invoice (build_invoice_months), with the vendor whose people they cover
    SELECT engagement_id, coalesce(vendor, '') AS vendor
    FROM engagements
    WHERE pricing_model <> 'time_and_materials'
),
weekly AS (  -- rated_hours: the hours paid by the hour (not a contractor's on an engagement their vendor invoices)
    SELECT
        t.worker_id, t.week_start,
        sum(t.hours) AS hours,
        coalesce(sum(t.hours) FILTER (WHERE t.billable), 0) AS billable_hours,
        coalesce(sum(t.hours) FILTER (WHERE i.engagement_id IS NULL), 0) AS rated_hours
    FROM timesheets AS t
    JOIN workers AS w ON w.worker_id = t.worker_id
    LEFT JOIN invoiced_work AS i
        ON i.engagement_id = t.engagement_id
       AND w.worker_type = 'contractor'
       AND (i.vendor = '' OR coalesce(nullif(w.vendor, ''), 'Independent') = i.vendor)
    GROUP BY t.worker_id, t.week_start
),
by_rate AS (  -- hours summed per rate first, then multiplied: the same figure whatever the rows' order
    SELECT
        t.worker_id, date_trunc('month', t.week_start)::DATE AS month, s.hourly_rate, s.currency,
        sum(t.hours) AS hours,
        sum(t.billable_hours) AS billable_hours,
        sum(t.rated_hours) AS rated_hours
    FROM weekly AS t
    LEFT JOIN pay_spans AS s ON s.worker_id = t.worker_id AND t.week_start BETWEEN s.valid_from AND s.valid_to
    GROUP BY ALL
),
logged AS (
    SELECT
        b.worker_id, b.month,
        sum(b.hours) AS hours,
        sum(b.billable_hours) AS billable_hours,
        coalesce(sum(b.rated_hours * coalesce(b.hourly_rate, 0) * x.rate), 0) AS billings,
        coalesce(sum(CASE WHEN x.rate IS NULL THEN b.rated_hours * coalesce(b.hourly_rate, 0) END), 0) AS unrated_billings,
        max(CASE WHEN x.rate IS NULL AND b.rated_hours * b.hourly_rate > 0 THEN b.currency END) AS unrated_billings_currency
    FROM by_rate AS b
    LEFT JOIN fx_spans AS x ON x.currency = b.currency AND (x.month IS NULL OR x.month = b.month)
    GROUP BY ALL
)
SELECT
    coalesce(m.worker_id, l.worker_id) AS worker_id,
    coalesce(m.month, l.month) AS month,
    coalesce(datediff('day', greatest(m.month, m.lo), least(last_day(m.month), m.hi)) + 1, 0) AS days_employed,
    coalesce(l.hours, 0) AS hours,
    coalesce(l.billable_hours, 0) AS billable_hours,
    coalesce(p.salary_cost, 0) AS salary_cost,
    coalesce(l.billings, 0) AS billings,
    coalesce(p.unrated_salary, 0) AS unrated_salary,
    coalesce(l.unrated_billings, 0) AS unrated_billings,
    coalesce(p.unrated_salary_currency, l.unrated_billings_currency) AS unrated_currency
FROM months AS m
FULL OUTER JOIN logged AS l USING (worker_id, month)
LEFT JOIN salaried AS p ON p.worker_id = coalesce(m.worker_id, l.worker_id) AND p.month = coalesce(m.month, l.month)
ORDER BY month, worker_id

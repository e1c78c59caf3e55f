-- build_invoice_months: contractor spend on fixed_fee and milestone engagements, per month × the groups of
-- group_months (worker type × department × role × seniority × vendor), assumption-free:
--   invoiced         Σ invoices' amounts in the month of their invoice_date
--   invoiced_spread  fixed_fee: the engagement's invoiced total spread evenly over its days (actual_start,
--                    else planned_start, … actual_end, else planned_end), the month's days × total / days;
--                    milestone: as invoiced (the setting "spread fixed fees" picks this column)
-- The hours the vendor's people logged on such engagements count in group_months' hours as any others
-- (so a group's cost per hour is its spend over all its hours), but not in its hours × rate
-- (build_worker_months leaves them out of billings).
-- An engagement's spend is shared among the vendor's people (contractors of the engagement's vendor; of any
-- vendor when it names none) in proportion to the hours each logged on it in all: their department, role,
-- seniority and vendor carry it. Spend on an engagement none of them logged hours on counts under the
-- engagement's department, role 'No hours logged'. Rebuilt in full inside every load transaction.
CREATE OR REPLACE TABLE invoice_months AS
WITH priced AS (
    SELECT
        engagement_id, pricing_model, department, coalesce(vendor, '') AS vendor,
        coalesce(actual_start, planned_start) AS lo,
        greatest(coalesce(actual_end, planned_end), coalesce(actual_start, planned_start)) AS hi
    FROM engagements
    WHERE pricing_model <> 'time_and_materials'
),
rated_invoices AS (  -- in the reporting currency at the rate of the invoice's month (fx_spans); an invoice whose
                     -- currency has no rate that month is left out here and named by analytics/sql/fx_missing.sql
    SELECT i.engagement_id, i.invoice_date, i.amount * x.rate AS amount
    FROM invoices AS i
    JOIN fx_spans AS x
        ON x.currency = i.currency AND (x.month IS NULL OR x.month = date_trunc('month', i.invoice_date)::DATE)
),
covered AS (  -- per engagement and person, the hours the vendor's people logged on it
    SELECT t.engagement_id, t.worker_id, sum(t.hours) AS hours
    FROM timesheets AS t
    JOIN priced AS p ON p.engagement_id = t.engagement_id
    JOIN workers AS w ON w.worker_id = t.worker_id
    WHERE w.worker_type = 'contractor'
      AND (p.vendor = '' OR coalesce(nullif(w.vendor, ''), 'Independent') = p.vendor)
    GROUP BY t.engagement_id, t.worker_id
),
shares AS (
    SELECT engagement_id, worker_id, hours / sum(hours) OVER (PARTITION BY engagement_id) AS share
    FROM covered
    WHERE hours > 0
),
billed AS (  -- by invoice date
    SELECT i.engagement_id, date_trunc('month', i.invoice_date)::DATE AS month, sum(i.amount) AS amount
    FROM rated_invoices AS i
    JOIN priced AS p ON p.engagement_id = i.engagement_id
    GROUP BY i.engagement_id, date_trunc('month', i.invoice_date)::DATE
),
fees AS (  -- a fixed fee's invoiced total and the days it is spread over
    SELECT p.engagement_id, p.lo, p.hi, sum(i.amount) AS total
    FROM priced AS p
    JOIN rated_invoices AS i ON i.engagement_id = p.engagement_id
    WHERE p.pricing_model = 'fixed_fee'
    GROUP BY p.engagement_id, p.lo, p.hi
),
-- the months of lo … hi as offsets from lo's month (portable to Spark, as in build_worker_months)
fee_month_numbers AS (
    SELECT engagement_id, lo, hi, total,
           unnest(generate_series(0, datediff('month', date_trunc('month', lo), date_trunc('month', hi)))) AS n
    FROM fees
),
fee_months AS (
    SELECT engagement_id, lo, hi, total,
           make_date(
               CAST(year(lo) + (month(lo) - 1 + n) // 12 AS INTEGER), CAST((month(lo) - 1 + n) % 12 + 1 AS INTEGER), 1
           ) AS month
    FROM fee_month_numbers
),
spread AS (
    SELECT
        engagement_id, month,
        total * (datediff('day', greatest(month, lo), least(last_day(month), hi)) + 1)
            / CAST(datediff('day', lo, hi) + 1 AS DOUBLE) AS amount
    FROM fee_months
),
amounts AS (  -- per engagement and month: invoiced by date, and the spread alternative
    SELECT engagement_id, month, sum(invoiced) AS invoiced, sum(invoiced_spread) AS invoiced_spread
    FROM (
        SELECT b.engagement_id, b.month, b.amount AS invoiced,
               CASE WHEN p.pricing_model = 'fixed_fee' THEN 0 ELSE b.amount END AS invoiced_spread
        FROM billed AS b JOIN priced AS p ON p.engagement_id = b.engagement_id
        UNION ALL
        SELECT engagement_id, month, 0 AS invoiced, amount AS invoiced_spread FROM spread
    ) AS x
    GROUP BY engagement_id, month
),
pieces AS (
    SELECT a.month, s.worker_id, a.invoiced * s.share AS invoiced, a.invoiced_spread * s.share AS invoiced_spread
    FROM amounts AS a JOIN shares AS s ON s.engagement_id = a.engagement_id
)
SELECT
    x.month,
    w.worker_type,
    w.department,
    w.role,
    w.seniority,
    coalesce(nullif(w.vendor, ''), 'Independent') AS vendor,
    sum(x.invoiced) AS invoiced,
    sum(x.invoiced_spread) AS invoiced_spread
FROM pieces AS x
JOIN workers AS w ON w.worker_id = x.worker_id
GROUP BY x.month, w.worker_type, w.department, w.role, w.seniority, coalesce(nullif(w.vendor, ''), 'Independent')
UNION ALL
SELECT
    a.month,
    'contractor' AS worker_type,
    p.department,
    'No hours logged' AS role,
    '' AS seniority,
    coalesce(nullif(p.vendor, ''), 'Independent') AS vendor,
    sum(a.invoiced) AS invoiced,
    sum(a.invoiced_spread) AS invoiced_spread
FROM amounts AS a
JOIN priced AS p ON p.engagement_id = a.engagement_id
WHERE a.engagement_id NOT IN (SELECT engagement_id FROM shares)
GROUP BY a.month, p.department, coalesce(nullif(p.vendor, ''), 'Independent')
ORDER BY ALL

-- build_engagement_spend: contractor spend per engagement and month, the basis of budget burn on Costs
-- (assumption-free; the vendor-management fee is applied in analytics/metrics/budget_burn.py):
--   billings  Σ contractors' hours paid by the hour × hourly_rate in force on the week's Monday, in the
--             month the week starts in (hours of the engagement vendor's people on a fixed_fee or
--             milestone engagement are not paid by the hour: build_worker_months)
--   invoiced  Σ invoices of a fixed_fee or milestone engagement, in the month of their invoice_date
--   contractor_hours  Σ contractors' hours on the engagement (paid by the hour or not), by week start
--   invoiced_hours    of those, the hours of the engagement vendor's people its invoices pay for
-- Both in the reporting currency with the rate of their month (fx_spans); pay or an invoice whose currency has
-- no rate that month is left out (analytics/sql/fx_missing.sql names it).
-- Rebuilt inside every load transaction; a refresh of some weeks rebuilds only their months.
CREATE OR REPLACE TABLE engagement_spend AS
WITH invoiced_work AS (
    SELECT engagement_id, coalesce(vendor, '') AS vendor
    FROM engagements
    WHERE pricing_model <> 'time_and_materials'
),
rated AS (  -- contractors' hours on each engagement per week; rated_hours: but those their vendor invoices
    SELECT t.engagement_id, t.worker_id, t.week_start, sum(t.hours) AS hours,
           coalesce(sum(t.hours) FILTER (WHERE i.engagement_id IS NULL), 0) AS rated_hours
    FROM timesheets AS t
    JOIN workers AS w ON w.worker_id = t.worker_id
    LEFT JOIN invoiced_work AS i
        ON i.engagement_id = t.engagement_id
       AND (i.vendor = '' OR coalesce(nullif(w.vendor, ''), 'Independent') = i.vendor)
    WHERE t.engagement_id IS NOT NULL AND w.worker_type = 'contractor'
    GROUP BY t.engagement_id, t.worker_id, t.week_start
),
billed AS (
    SELECT r.engagement_id, date_trunc('month', r.week_start)::DATE AS month,
           coalesce(sum(r.rated_hours * coalesce(s.hourly_rate, 0) * x.rate), 0) AS billings, 0.0 AS invoiced,
           sum(r.hours) AS hours, sum(r.hours - r.rated_hours) AS invoiced_hours
    FROM rated AS r
    LEFT JOIN pay_spans AS s ON s.worker_id = r.worker_id AND r.week_start BETWEEN s.valid_from AND s.valid_to
    LEFT JOIN fx_spans AS x
        ON x.currency = s.currency AND (x.month IS NULL OR x.month = date_trunc('month', r.week_start)::DATE)
    GROUP BY r.engagement_id, date_trunc('month', r.week_start)::DATE
),
invoiced AS (
    SELECT i.engagement_id, date_trunc('month', i.invoice_date)::DATE AS month, 0.0 AS billings,
           sum(i.amount * x.rate) AS invoiced, 0.0 AS hours, 0.0 AS invoiced_hours
    FROM invoices AS i
    JOIN invoiced_work AS p ON p.engagement_id = i.engagement_id
    JOIN fx_spans AS x
        ON x.currency = i.currency AND (x.month IS NULL OR x.month = date_trunc('month', i.invoice_date)::DATE)
    GROUP BY i.engagement_id, date_trunc('month', i.invoice_date)::DATE
)
SELECT engagement_id, month, sum(billings) AS billings, sum(invoiced) AS invoiced, sum(hours) AS contractor_hours,
       sum(invoiced_hours) AS invoiced_hours
FROM (SELECT * FROM billed UNION ALL SELECT * FROM invoiced) AS x
GROUP BY engagement_id, month
ORDER BY engagement_id, month

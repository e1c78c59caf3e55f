-- fx_missing: amounts the period's totals leave out because their currency has no rate for the month they
-- fall in (fx_spans), per currency and month: currency, month, amount (in that currency; invoiced: the part
-- that is invoices) and people.
--   pay of the filtered people (worker_months.unrated_*): employees' salary, contractors' hours × rate,
--     before benefits, overhead and fees;
--   invoices of fixed_fee and milestone engagements (by invoice month) of the filtered departments, when
--     contractors are shown; people counts no one for them.
-- Empty when every amount converted.
WITH pay AS (
    SELECT
        m.unrated_currency AS currency,
        m.month,
        sum(CASE WHEN w.worker_type = 'employee' THEN m.unrated_salary ELSE m.unrated_billings END) AS amount,
        count(DISTINCT m.worker_id) AS people,
        0.0 AS invoiced
    FROM worker_months AS m
    JOIN workers AS w USING (worker_id)
    WHERE m.unrated_currency IS NOT NULL
      AND m.month BETWEEN date_trunc('month', $start::DATE) AND $end::DATE
      AND {worker_filter}
    GROUP BY ALL
),
invoiced AS (
    SELECT i.currency, date_trunc('month', i.invoice_date)::DATE AS month, sum(i.amount) AS amount, 0 AS people,
           sum(i.amount) AS invoiced
    FROM invoices AS i
    JOIN engagements AS e ON e.engagement_id = i.engagement_id
    LEFT JOIN fx_spans AS x
        ON x.currency = i.currency AND (x.month IS NULL OR x.month = date_trunc('month', i.invoice_date)::DATE)
    WHERE x.rate IS NULL
      AND e.pricing_model <> 'time_and_materials'
      AND i.invoice_date BETWEEN $start::DATE AND $end::DATE
      AND (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], e.department))
      AND (len($worker_types::VARCHAR[]) = 0 OR list_contains($worker_types::VARCHAR[], 'contractor'))
    GROUP BY ALL
)
SELECT currency, month, sum(amount) AS amount, CAST(sum(people) AS BIGINT) AS people, sum(invoiced) AS invoiced
FROM (SELECT * FROM pay UNION ALL SELECT * FROM invoiced) AS x
GROUP BY ALL
HAVING sum(amount) > 0
ORDER BY currency, month

-- fx_currencies_in_use: every currency pay is recorded in (the roster's workers.currency and the
-- compensation history's), with how many people are paid in it, whether it is the reporting
-- currency, and the months fx_rates holds a rate for it (first, last, how many).
WITH used AS (
    SELECT currency, worker_id FROM pay_spans WHERE currency IS NOT NULL
),
rated AS (
    SELECT currency, min(month) AS first_month, max(month) AS last_month, count(*) AS months
    FROM fx_rates
    GROUP BY ALL
)
SELECT
    u.currency,
    count(DISTINCT u.worker_id) AS people,
    u.currency = max(r.currency) AS is_reporting,
    max(x.first_month) AS first_month,
    max(x.last_month) AS last_month,
    coalesce(max(x.months), 0) AS months
FROM used AS u
CROSS JOIN reporting AS r
LEFT JOIN rated AS x ON x.currency = u.currency
GROUP BY u.currency
ORDER BY people DESC, u.currency

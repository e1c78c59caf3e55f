-- build_fx_spans: what one unit of each currency is worth in the reporting currency, over time.
-- A row of fx_rates (currency, month, rate_to_reporting) reads: during `month`, one `currency` is
-- worth rate_to_reporting of the reporting currency. Rows whose currency is the reporting currency
-- are not needed and ignored (its rate is 1, always: the first row here, month NULL = every month).
--   month         the rate's own month: amounts that fall in a month convert with that month's
--                 rate only (worker_months: no rate that month = left out and reported, never 0)
--   valid_from/to the rate's month to the day before the currency's next rate (the last runs on):
--                 as-of figures (pay in force on a day) use the latest month's rate at that day
CREATE OR REPLACE TABLE fx_spans AS
SELECT
    r.currency,
    CAST(NULL AS DATE) AS month,
    DATE '1900-01-01' AS valid_from,
    DATE '9999-12-31' AS valid_to,
    CAST(1 AS DOUBLE) AS rate
FROM reporting AS r
UNION ALL
SELECT
    f.currency,
    f.month,
    f.month AS valid_from,
    coalesce(lead(f.month) OVER (PARTITION BY f.currency ORDER BY f.month) - 1, DATE '9999-12-31') AS valid_to,
    f.rate_to_reporting AS rate
FROM fx_rates AS f
CROSS JOIN reporting AS r
WHERE f.currency <> r.currency
ORDER BY currency, valid_from

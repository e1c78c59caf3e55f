-- build_worker_month_runs: each person's worker_months rows as runs of consecutive months
-- (first_month … last_month, every month between present), usually one run per person: whether
-- someone was paid or logged hours in some month of a period is then one overlap test per run,
-- not a scan of every person-month. Rebuilt inside every load transaction, after worker_months.
CREATE OR REPLACE TABLE worker_month_runs AS
WITH months AS (
    SELECT DISTINCT worker_id, month, year(month) * 12 + month(month) AS month_number FROM worker_months
),
flagged AS (
    SELECT
        worker_id, month,
        CASE WHEN month_number - lag(month_number) OVER (PARTITION BY worker_id ORDER BY month) = 1 THEN 0 ELSE 1 END
            AS starts_run
    FROM months
),
numbered AS (
    SELECT
        worker_id, month,
        sum(starts_run) OVER (PARTITION BY worker_id ORDER BY month ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            AS run
    FROM flagged
)
SELECT worker_id, min(month) AS first_month, max(month) AS last_month
FROM numbered
GROUP BY worker_id, run
ORDER BY worker_id, first_month

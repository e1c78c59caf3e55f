-- build_pay_spans: each person's pay and contracted hours over time, as spans of days
-- [valid_from, valid_to] (both included) that tile all of time, one set per person:
--   no compensation entries: one span from the roster's own columns (annual_salary, hourly_rate,
--     weekly_capacity_hours), 1900-01-01 … 9999-12-31;
--   with entries: one span per entry, from its effective_date to the day before the person's next
--     entry (the last runs to 9999-12-31; the first also covers the time before it, from 1900-01-01).
--     A column an entry leaves empty keeps the person's previous entry's value, or the roster's.
-- `currency` is the currency the span's salary and rate are paid in (the same rule: an entry's
-- own, else the previous entry's, else the roster's workers.currency); fx_spans converts them.
-- Spend, capacity and the as-of pay of every page read the span in force on a day: salary day by
-- day, hourly rate and weekly hours on a week's Monday. Rebuilt first on every load, after horizon.
CREATE OR REPLACE TABLE pay_spans AS
WITH entries AS (
    SELECT
        c.worker_id,
        c.effective_date,
        row_number() OVER (PARTITION BY c.worker_id ORDER BY c.effective_date) AS n,
        lead(c.effective_date) OVER (PARTITION BY c.worker_id ORDER BY c.effective_date) AS next_from,
        last_value(c.annual_salary IGNORE NULLS) OVER (
            PARTITION BY c.worker_id ORDER BY c.effective_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS annual_salary,
        last_value(c.hourly_rate IGNORE NULLS) OVER (
            PARTITION BY c.worker_id ORDER BY c.effective_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS hourly_rate,
        last_value(c.weekly_capacity_hours IGNORE NULLS) OVER (
            PARTITION BY c.worker_id ORDER BY c.effective_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS weekly_capacity_hours,
        last_value(c.currency IGNORE NULLS) OVER (
            PARTITION BY c.worker_id ORDER BY c.effective_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS currency
    FROM compensation AS c
),
with_history AS (
    SELECT DISTINCT worker_id FROM compensation
)
SELECT
    w.worker_id,
    DATE '1900-01-01' AS valid_from,
    DATE '9999-12-31' AS valid_to,
    w.annual_salary,
    w.hourly_rate,
    w.weekly_capacity_hours,
    w.currency
FROM workers AS w
WHERE w.worker_id NOT IN (SELECT worker_id FROM with_history)
UNION ALL
SELECT
    e.worker_id,
    CASE WHEN e.n = 1 THEN DATE '1900-01-01' ELSE e.effective_date END AS valid_from,
    coalesce(e.next_from - 1, DATE '9999-12-31') AS valid_to,
    coalesce(e.annual_salary, w.annual_salary) AS annual_salary,
    coalesce(e.hourly_rate, w.hourly_rate) AS hourly_rate,
    coalesce(e.weekly_capacity_hours, w.weekly_capacity_hours) AS weekly_capacity_hours,
    coalesce(e.currency, w.currency) AS currency
FROM entries AS e
JOIN workers AS w USING (worker_id)
ORDER BY worker_id, valid_from

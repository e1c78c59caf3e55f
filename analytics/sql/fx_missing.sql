-- fx_missing: pay the period's totals leave out because its currency has no rate for the month it
-- falls in (worker_months.unrated_*; fx_spans), per currency and month, among the filtered people:
-- currency, month, amount (in that currency: employees' salary, contractors' hours × rate, before
-- benefits, overhead and fees) and people. Empty when every amount converted.
SELECT
    m.unrated_currency AS currency,
    m.month,
    sum(CASE WHEN w.worker_type = 'employee' THEN m.unrated_salary ELSE m.unrated_billings END) AS amount,
    count(DISTINCT m.worker_id) AS people
FROM worker_months AS m
JOIN workers AS w USING (worker_id)
WHERE m.unrated_currency IS NOT NULL
  AND m.month BETWEEN date_trunc('month', $start::DATE) AND $end::DATE
  AND {worker_filter}
GROUP BY ALL
HAVING sum(CASE WHEN w.worker_type = 'employee' THEN m.unrated_salary ELSE m.unrated_billings END) > 0
ORDER BY currency, month

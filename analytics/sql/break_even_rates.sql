-- break_even_rates: pay medians per role × seniority × worker type, and per role × worker type
-- (seniority NULL), among the filtered people employed at some point in the period: people,
-- median_salary (employees' annual salary), median_rate (contractors' hourly rate). Defaults for
-- the break-even calculator and the "equivalent employee" of the convert-to-hire list; callers
-- ignore groups under the privacy minimum. Each person's pay is the one in force on their last day in
-- the period (pay_spans: compensation history, else the roster's), in the reporting currency at the
-- latest month's rate on that day (fx_spans); pay in a currency without a rate yet is left out.
SELECT
    w.role,
    w.seniority,
    w.worker_type,
    count(*) AS people,
    median(s.annual_salary * x.rate) AS median_salary,
    median(s.hourly_rate * x.rate) AS median_rate
FROM workers AS w
JOIN pay_spans AS s
    ON s.worker_id = w.worker_id
   AND least(coalesce(w.end_date, $end::DATE), $end::DATE) BETWEEN s.valid_from AND s.valid_to
LEFT JOIN fx_spans AS x
    ON x.currency = s.currency AND least(coalesce(w.end_date, $end::DATE), $end::DATE) BETWEEN x.valid_from AND x.valid_to
WHERE w.start_date <= $end::DATE
  AND (w.end_date IS NULL OR w.end_date >= $start::DATE)
  AND {worker_filter}
GROUP BY GROUPING SETS ((w.role, w.seniority, w.worker_type), (w.role, w.worker_type))
ORDER BY ALL

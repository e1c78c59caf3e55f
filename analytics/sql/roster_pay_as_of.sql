-- roster_pay_as_of: per worker type, the filtered people active on $as_of and the median of their
-- pay in force that day (pay_spans, in the reporting currency at the latest month's rate on that day,
-- fx_spans; pay in a currency without a rate yet is left out of the median): worker_type, active,
-- median_hourly_rate, median_annual_salary. The Overview's headcount and pay medians, summed in the
-- engine rather than one row per person.
SELECT
    w.worker_type,
    count(*) AS active,
    median(s.hourly_rate * x.rate) AS median_hourly_rate,
    median(s.annual_salary * x.rate) AS median_annual_salary
FROM workers AS w
JOIN pay_spans AS s ON s.worker_id = w.worker_id AND $as_of::DATE BETWEEN s.valid_from AND s.valid_to
LEFT JOIN fx_spans AS x ON x.currency = s.currency AND $as_of::DATE BETWEEN x.valid_from AND x.valid_to
WHERE w.start_date <= $as_of::DATE
  AND (w.end_date IS NULL OR w.end_date >= $as_of::DATE)
  AND {worker_filter}
GROUP BY ALL
ORDER BY ALL

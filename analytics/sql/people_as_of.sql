-- people_as_of: the filtered roster with each person's tenure in days as of $as_of
-- (end_date or $as_of, whichever is earlier) and whether they are active on $as_of. Pay and weekly
-- hours are those in force on that same day (pay_spans: compensation history, else the roster's),
-- pay in the reporting currency at the latest month's rate on that day (fx_spans); with no rate
-- yet for the pay's currency the pay is NULL and unrated_currency names the currency.
SELECT
    w.*,
    datediff('day', w.start_date, least(coalesce(w.end_date, $as_of::DATE), $as_of::DATE)) AS tenure_days,
    (w.start_date <= $as_of::DATE AND (w.end_date IS NULL OR w.end_date >= $as_of::DATE)) AS active
FROM (
    SELECT
        r.* REPLACE (
            s.annual_salary * x.rate AS annual_salary, s.hourly_rate * x.rate AS hourly_rate,
            s.weekly_capacity_hours AS weekly_capacity_hours
        ),
        CASE WHEN x.rate IS NULL AND coalesce(s.annual_salary, s.hourly_rate) IS NOT NULL THEN s.currency END
            AS unrated_currency
    FROM workers AS r
    JOIN pay_spans AS s
        ON s.worker_id = r.worker_id
       AND least(coalesce(r.end_date, $as_of::DATE), $as_of::DATE) BETWEEN s.valid_from AND s.valid_to
    LEFT JOIN fx_spans AS x
        ON x.currency = s.currency
       AND least(coalesce(r.end_date, $as_of::DATE), $as_of::DATE) BETWEEN x.valid_from AND x.valid_to
) AS w
WHERE w.start_date <= $as_of::DATE AND {worker_filter}

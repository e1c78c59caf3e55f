-- people_as_of: the filtered roster with each person's tenure in days as of $as_of
-- (end_date or $as_of, whichever is earlier) and whether they are active on $as_of.
SELECT
    w.*,
    datediff('day', w.start_date, least(coalesce(w.end_date, $as_of::DATE), $as_of::DATE)) AS tenure_days,
    (w.start_date <= $as_of::DATE AND (w.end_date IS NULL OR w.end_date >= $as_of::DATE)) AS active
FROM workers AS w
WHERE w.start_date <= $as_of::DATE AND {worker_filter}

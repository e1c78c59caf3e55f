-- tenure_counts: the filtered people who started by $as_of, counted by worker type, tenure in days
-- (to end_date or $as_of, whichever is earlier) and whether they are active on $as_of: worker_type,
-- tenure_days, active, people. Everything Kaplan–Meier retention, the tenure medians and the tenure
-- histogram read, one row per distinct tenure instead of one per person (at 500,000 people: ~14,000
-- rows). The same people and tenure as people_as_of, which also joins each person's pay span: the
-- spans tile all of time, one set per person (build_pay_spans), so that join neither adds nor drops
-- anyone and is left out here.
SELECT
    w.worker_type,
    datediff('day', w.start_date, least(coalesce(w.end_date, $as_of::DATE), $as_of::DATE)) AS tenure_days,
    (w.end_date IS NULL OR w.end_date >= $as_of::DATE) AS active,
    count(*) AS people
FROM workers AS w
WHERE w.start_date <= $as_of::DATE AND {worker_filter}
GROUP BY ALL
ORDER BY ALL

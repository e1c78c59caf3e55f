-- cost_contractors_as_of: contractors active on $as_of among the filtered people, with tenure
-- and their logged hours over the 52 weeks up to $as_of (weeks employed in that window, so a
-- newer contractor's hours can be annualised; from contractor_weeks, built at load): worker_id,
-- full_name, department, role, seniority, vendor, start_date, hourly_rate, tenure_days, hours_52w,
-- weeks_52w, and timesheet_weeks (weeks starting on or before $as_of in which they logged hours,
-- ever: how much history their annual hours rest on; from logged_week_runs, built at load).
-- hourly_rate is the one in force on $as_of (pay_spans), in the reporting currency at the latest
-- month's rate on $as_of (fx_spans; NULL, with unrated_currency naming the currency, when it has
-- no rate yet).
WITH active AS (
    SELECT w.worker_id
    FROM workers AS w
    WHERE w.worker_type = 'contractor'
      AND w.start_date <= $as_of::DATE
      AND (w.end_date IS NULL OR w.end_date >= $as_of::DATE)
      AND {worker_filter}
),
logged_weeks AS (  -- the active contractors' runs of logged weeks (built at load): run weeks on or before $as_of
    SELECT
        r.worker_id,
        CAST(sum(datediff('day', r.first_week, least(r.last_week, $as_of::DATE)) // 7 + 1) AS BIGINT) AS timesheet_weeks
    FROM logged_week_runs AS r
    WHERE r.first_week <= $as_of::DATE AND r.worker_id IN (SELECT worker_id FROM active)
    GROUP BY ALL
),
weeks_52w AS (  -- the active contractors' weeks employed in the 52 weeks to $as_of, summed before the roster is joined
    -- (contractor_weeks: worker_weeks' rows of the contractors only, built at load: 6.95M of 10.85M rows at 100M)
    SELECT k.worker_id, sum(k.total_hours) AS hours_52w, count(*) AS weeks_52w
    FROM contractor_weeks AS k
    WHERE k.week_start > $as_of::DATE - INTERVAL 364 DAY
      AND k.week_start <= $as_of::DATE
      AND k.worker_id IN (SELECT worker_id FROM active)
    GROUP BY k.worker_id
)
SELECT
    w.worker_id,
    w.full_name,
    w.department,
    w.role,
    w.seniority,
    coalesce(nullif(w.vendor, ''), 'Independent') AS vendor,
    w.start_date,
    s.hourly_rate * x.rate AS hourly_rate,
    CASE WHEN x.rate IS NULL AND s.hourly_rate IS NOT NULL THEN s.currency END AS unrated_currency,
    datediff('day', w.start_date, $as_of::DATE) AS tenure_days,
    coalesce(k.hours_52w, 0) AS hours_52w,
    coalesce(k.weeks_52w, 0) AS weeks_52w,
    coalesce(t.timesheet_weeks, 0) AS timesheet_weeks
FROM workers AS w
LEFT JOIN weeks_52w AS k ON k.worker_id = w.worker_id
LEFT JOIN logged_weeks AS t ON t.worker_id = w.worker_id
JOIN pay_spans AS s ON s.worker_id = w.worker_id AND $as_of::DATE BETWEEN s.valid_from AND s.valid_to
LEFT JOIN fx_spans AS x ON x.currency = s.currency AND $as_of::DATE BETWEEN x.valid_from AND x.valid_to
WHERE w.worker_type = 'contractor'
  AND w.start_date <= $as_of::DATE
  AND (w.end_date IS NULL OR w.end_date >= $as_of::DATE)
  AND {worker_filter}
ORDER BY w.worker_id

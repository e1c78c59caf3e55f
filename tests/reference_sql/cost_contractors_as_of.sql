-- cost_contractors_as_of: contractors active on $as_of among the filtered people, with tenure
-- and their logged hours over the 52 weeks up to $as_of (weeks employed in that window, so a
-- newer contractor's hours can be annualised): worker_id, full_name, department, role,
-- seniority, vendor, start_date, hourly_rate, tenure_days, hours_52w, weeks_52w, and
-- timesheet_weeks (weeks starting on or before $as_of in which they logged hours, ever: how much
-- history their annual hours rest on). hourly_rate: the one in force on $as_of (pay_spans; this
-- reference is about the logged weeks, tests/test_compensation.py about the rates), in the reporting
-- currency at the rate in force on $as_of (fx_spans; unrated_currency when there is none).
WITH active AS (
    SELECT w.worker_id
    FROM workers AS w
    WHERE w.worker_type = 'contractor'
      AND w.start_date <= $as_of::DATE
      AND (w.end_date IS NULL OR w.end_date >= $as_of::DATE)
      AND {worker_filter}
),
logged_weeks AS (  -- only the active contractors' rows: at ~90M timesheet rows the whole table took a minute
    SELECT worker_id, count(DISTINCT week_start) AS timesheet_weeks
    FROM timesheets
    WHERE week_start <= $as_of::DATE AND hours > 0 AND worker_id IN (SELECT worker_id FROM active)
    GROUP BY ALL
)
SELECT
    w.worker_id,
    w.full_name,
    w.department,
    w.role,
    w.seniority,
    coalesce(nullif(w.vendor, ''), 'Independent') AS vendor,
    w.start_date,
    any_value(s.hourly_rate * x.rate) AS hourly_rate,
    any_value(CASE WHEN x.rate IS NULL AND s.hourly_rate IS NOT NULL THEN s.currency END) AS unrated_currency,
    datediff('day', w.start_date, $as_of::DATE) AS tenure_days,
    coalesce(sum(k.total_hours), 0) AS hours_52w,
    count(k.week_start) AS weeks_52w,
    coalesce(any_value(t.timesheet_weeks), 0) AS timesheet_weeks
FROM workers AS w
LEFT JOIN worker_weeks AS k
    ON k.worker_id = w.worker_id
   AND k.week_start > $as_of::DATE - INTERVAL 364 DAY
   AND k.week_start <= $as_of::DATE
LEFT JOIN logged_weeks AS t ON t.worker_id = w.worker_id
JOIN pay_spans AS s ON s.worker_id = w.worker_id AND $as_of::DATE BETWEEN s.valid_from AND s.valid_to
LEFT JOIN fx_spans AS x ON x.currency = s.currency AND $as_of::DATE BETWEEN x.valid_from AND x.valid_to
WHERE w.worker_type = 'contractor'
  AND w.start_date <= $as_of::DATE
  AND (w.end_date IS NULL OR w.end_date >= $as_of::DATE)
  AND {worker_filter}
GROUP BY w.worker_id, w.full_name, w.department, w.role, w.seniority, w.vendor, w.start_date
ORDER BY w.worker_id

-- util_capacity_demand: per month × role, the filtered people's hours available (Σ capacity,
-- net of time off, weeks starting in the month) and hours booked (Σ hours logged on
-- engagements, billable or not; internal time is not demand), weeks starting inside the period.
WITH cap AS (
    SELECT
        date_trunc('month', k.week_start)::DATE AS month,
        w.role,
        count(DISTINCT k.worker_id) AS people,
        sum(k.capacity_hours) AS capacity_hours
    FROM worker_weeks AS k
    JOIN workers AS w USING (worker_id)
    WHERE k.week_start BETWEEN $start::DATE AND $end::DATE
      AND {worker_filter}
    GROUP BY ALL
),
booked AS (
    SELECT
        date_trunc('month', t.week_start)::DATE AS month,
        w.role,
        sum(t.hours) AS booked_hours
    FROM timesheets AS t
    JOIN workers AS w USING (worker_id)
    WHERE t.week_start BETWEEN $start::DATE AND $end::DATE
      AND t.engagement_id IS NOT NULL
      AND {worker_filter}
    GROUP BY ALL
)
SELECT
    month,
    role,
    coalesce(cap.people, 0) AS people,
    coalesce(cap.capacity_hours, 0) AS capacity_hours,
    coalesce(booked.booked_hours, 0) AS booked_hours
FROM cap
FULL JOIN booked USING (month, role)
ORDER BY month, role

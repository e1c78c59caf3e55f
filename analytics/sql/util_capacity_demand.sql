-- util_capacity_demand: per month × role, the filtered people's hours available (Σ capacity,
-- net of time off, weeks starting in the month) and hours booked (Σ hours logged on
-- engagements, billable or not; internal time is not demand), weeks starting inside the period,
-- and the people with capacity in those weeks. Reads the tables built at load: group_weeks
-- (capacity), booked_weeks (booked hours) and people_months (people of a month the period covers
-- whole); only a first or last month the period starts or ends inside is counted from its weeks'
-- worker_weeks rows. (tests/reference_sql/util_capacity_demand.sql regroups the person rows.)
WITH cap AS (
    SELECT
        date_trunc('month', w.week_start)::DATE AS month,
        w.role,
        sum(w.capacity_hours) AS capacity_hours
    FROM group_weeks AS w
    WHERE w.week_start BETWEEN $start::DATE AND $end::DATE
      AND {worker_filter}
    GROUP BY ALL
),
whole_months AS (
    SELECT w.month, w.role, CAST(sum(w.people) AS BIGINT) AS people
    FROM people_months AS w
    WHERE w.month >= $start::DATE AND last_day(w.month) <= $end::DATE
      AND {worker_filter}
    GROUP BY ALL
),
cut_months AS (
    SELECT date_trunc('month', k.week_start)::DATE AS month, w.role, count(DISTINCT k.worker_id) AS people
    FROM worker_weeks AS k
    JOIN workers AS w USING (worker_id)
    WHERE (
            ($start::DATE > date_trunc('month', $start::DATE)
             AND k.week_start BETWEEN $start::DATE AND least($end::DATE, last_day($start::DATE)))
         OR ($end::DATE < last_day($end::DATE)
             AND k.week_start BETWEEN greatest($start::DATE, date_trunc('month', $end::DATE)) AND $end::DATE)
        )
      AND {worker_filter}
    GROUP BY ALL
),
people AS (
    SELECT * FROM whole_months
    UNION ALL
    SELECT * FROM cut_months
),
booked AS (
    SELECT
        date_trunc('month', w.week_start)::DATE AS month,
        w.role,
        sum(w.booked_hours) AS booked_hours
    FROM booked_weeks AS w
    WHERE w.week_start BETWEEN $start::DATE AND $end::DATE
      AND {worker_filter}
    GROUP BY ALL
),
available AS (
    SELECT cap.month, cap.role, coalesce(p.people, 0) AS people, cap.capacity_hours
    FROM cap
    LEFT JOIN people AS p USING (month, role)
)
SELECT
    month,
    role,
    coalesce(a.people, 0) AS people,
    coalesce(a.capacity_hours, 0) AS capacity_hours,
    coalesce(booked.booked_hours, 0) AS booked_hours
FROM available AS a
FULL JOIN booked USING (month, role)
ORDER BY month, role

-- util_people: one row per filtered person with capacity in the weeks starting between $from
-- and $to: Σ capacity, Σ logged and Σ billable hours, Σ engagement hours (hours logged with an
-- engagement_id, billable or not, in weeks they were employed: worker_weeks holds them per week),
-- weeks employed, weeks logged above capacity, and the engagements they logged hours on in those
-- weeks (count and names). Rates are formed from these sums by analytics.utilization.
WITH wk AS (
    SELECT
        k.worker_id,
        count(*) AS weeks,
        sum(k.capacity_hours) AS capacity_hours,
        sum(k.total_hours) AS total_hours,
        sum(k.billable_hours) AS billable_hours,
        sum(k.engagement_hours) AS engagement_hours,
        count(*) FILTER (WHERE k.total_hours > k.capacity_hours) AS weeks_over_capacity
    FROM worker_weeks AS k
    JOIN workers AS w USING (worker_id)
    WHERE k.week_start BETWEEN $from::DATE AND $to::DATE
      AND {worker_filter}
    GROUP BY k.worker_id
),
eng AS (
    SELECT
        t.worker_id,
        count(DISTINCT t.engagement_id) AS engagements,
        string_agg(DISTINCT e.name, '; ' ORDER BY e.name) AS engagement_names
    FROM timesheets AS t
    JOIN engagements AS e USING (engagement_id)
    WHERE t.week_start BETWEEN $from::DATE AND $to::DATE
      AND t.hours > 0
      AND t.worker_id IN (SELECT worker_id FROM wk)
    GROUP BY t.worker_id
)
SELECT
    w.worker_id,
    w.full_name,
    w.worker_type,
    w.department,
    w.role,
    wk.weeks,
    wk.capacity_hours,
    wk.total_hours,
    wk.billable_hours,
    wk.engagement_hours,
    wk.weeks_over_capacity,
    coalesce(eng.engagements, 0) AS engagements,
    coalesce(eng.engagement_names, '') AS engagement_names
FROM wk
JOIN workers AS w USING (worker_id)
LEFT JOIN eng USING (worker_id)
ORDER BY w.full_name, w.worker_id

-- util_people: one row per filtered person with capacity in the weeks starting between $from
-- and $to: Σ capacity, Σ logged and Σ billable hours, Σ engagement hours (hours logged with an
-- engagement_id, billable or not, in weeks they were employed: worker_weeks holds them per week),
-- weeks employed, weeks logged above capacity, and the engagements they logged hours on in those
-- weeks (count and names; from engagement_week_runs, built at load). Rates are formed from these sums by analytics.utilization.
WITH wk AS (  -- everyone's weeks summed per person first: the roster (and the filter) is joined once, below
    SELECT
        k.worker_id,
        count(*) AS weeks,
        sum(k.capacity_hours) AS capacity_hours,
        sum(k.total_hours) AS total_hours,
        sum(k.billable_hours) AS billable_hours,
        sum(k.engagement_hours) AS engagement_hours,
        count(*) FILTER (WHERE k.total_hours > k.capacity_hours) AS weeks_over_capacity
    FROM worker_weeks AS k
    WHERE k.week_start BETWEEN $from::DATE AND $to::DATE
    GROUP BY k.worker_id
),
runs AS (  -- runs of weeks on an engagement (built at load) holding a week inside $from … $to
    SELECT DISTINCT r.worker_id, r.engagement_id
    FROM engagement_week_runs AS r
    WHERE r.first_week <= $to::DATE
      AND r.last_week >= $from::DATE
      -- the run's first week on or after $from (run weeks are 7 days apart) is not after $to
      AND r.first_week + 7 * CAST(ceil(greatest(datediff('day', r.first_week, $from::DATE), 0) / 7) AS INTEGER)
          <= least(r.last_week, $to::DATE)
      AND r.worker_id IN (SELECT wk.worker_id FROM wk JOIN workers AS w USING (worker_id) WHERE {worker_filter})
),
eng AS (  -- per person: how many engagements, and their distinct names sorted, joined by '; '
    -- (a sorted list, not string_agg(… ORDER BY …), which sorts inside the aggregate: several times slower)
    SELECT
        r.worker_id,
        count(*) AS engagements,
        nullif(array_to_string(list_sort(list_distinct(list(e.name))), '; '), '') AS engagement_names
    FROM runs AS r
    JOIN engagements AS e USING (engagement_id)
    GROUP BY r.worker_id
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
WHERE {worker_filter}
ORDER BY w.full_name, w.worker_id

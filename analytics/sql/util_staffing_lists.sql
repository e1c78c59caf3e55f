-- util_staffing_lists: the Utilization page's bench, busy off-project and over-allocated lists over the
-- weeks starting between $from and $to, one row per listed filtered person with `list` ('bench',
-- 'busy_off_project' or 'over_allocated'): util_people's columns (the same sums, engagements and
-- engagement names), in each list's order. The rules are analytics.metrics.allocation's (staffing_status
-- with $threshold, $non_billable_roles and $limit for bench and busy off-project, over_allocated with $limit),
-- each comparison written as pandas makes it (a comparison with NULL is false), and the order is theirs:
-- bench and busy off-project by engagement share (NULL last), over-allocated by allocation (highest first,
-- NULL first), then name and worker_id (pandas' stable sort of rows ordered by name and worker_id);
-- tests/test_utilization_scale_queries.py holds the two equal. Picking the listed people here, before the
-- roster's names leave DuckDB, means only they (about a third of the people at scale) are sorted,
-- given engagement names and copied into pandas.
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
people AS MATERIALIZED (
    SELECT
        w.worker_id, w.full_name, w.worker_type, w.department, w.role,
        wk.weeks, wk.capacity_hours, wk.total_hours, wk.billable_hours, wk.engagement_hours, wk.weeks_over_capacity,
        -- staffing_status: over capacity (or hours with no capacity) first, then the billable roles under threshold
        coalesce(wk.total_hours > $limit * wk.capacity_hours, false)
            OR coalesce(wk.capacity_hours <= 0 AND wk.total_hours > 0, false) AS over,
        coalesce(wk.capacity_hours > 0, false)
            AND coalesce(wk.engagement_hours < $threshold * wk.capacity_hours, false)
            AND (w.role IS NULL OR NOT list_contains($non_billable_roles::VARCHAR[], w.role)) AS under,
        -- free hours (capacity − logged) against internal hours (logged − engagement hours)
        wk.capacity_hours - wk.total_hours AS free_hours,
        wk.total_hours - wk.engagement_hours AS internal_hours,
        -- add_rates / with_shares: NULL without capacity
        wk.total_hours / CASE WHEN wk.capacity_hours > 0 THEN wk.capacity_hours END AS allocation,
        wk.engagement_hours / CASE WHEN wk.capacity_hours > 0 THEN wk.capacity_hours END AS engagement_share
    FROM wk
    JOIN workers AS w USING (worker_id)
    WHERE {worker_filter}
),
listed AS MATERIALIZED (
    SELECT 'bench' AS list, 1 AS list_order, *
    FROM people
    WHERE under AND NOT over AND coalesce(free_hours >= internal_hours, false)
    UNION ALL
    SELECT 'busy_off_project' AS list, 2 AS list_order, *
    FROM people
    WHERE under AND NOT over AND coalesce(free_hours < internal_hours, false)
    UNION ALL
    -- over_allocated: allocation above $limit, or hours logged with no capacity at all
    SELECT 'over_allocated' AS list, 3 AS list_order, *
    FROM people
    WHERE coalesce(allocation > $limit, false) OR coalesce(capacity_hours <= 0 AND total_hours > 0, false)
),
runs AS (  -- runs of weeks on an engagement (built at load) holding a week inside $from … $to, listed people only
    SELECT DISTINCT r.worker_id, r.engagement_id
    FROM engagement_week_runs AS r
    WHERE r.first_week <= $to::DATE
      AND r.last_week >= $from::DATE
      -- the run's first week on or after $from (run weeks are 7 days apart) is not after $to
      AND r.first_week + 7 * CAST(ceil(greatest(datediff('day', r.first_week, $from::DATE), 0) / 7) AS INTEGER)
          <= least(r.last_week, $to::DATE)
      AND r.worker_id IN (SELECT worker_id FROM listed)
),
eng AS (  -- per person: how many engagements, and their distinct names sorted, joined by '; '
    -- (a sorted list, not string_agg(… ORDER BY …), which sorts inside the aggregate: several times slower)
    SELECT
        r.worker_id,
        count(*) AS engagements,
        coalesce(array_to_string(list_sort(list_distinct(list(e.name))), '; '), '') AS engagement_names
    FROM runs AS r
    JOIN engagements AS e USING (engagement_id)
    GROUP BY r.worker_id
)
SELECT
    l.list,
    l.worker_id,
    l.full_name,
    l.worker_type,
    l.department,
    l.role,
    l.weeks,
    l.capacity_hours,
    l.total_hours,
    l.billable_hours,
    l.engagement_hours,
    l.weeks_over_capacity,
    coalesce(eng.engagements, 0) AS engagements,
    coalesce(eng.engagement_names, '') AS engagement_names
FROM listed AS l
LEFT JOIN eng USING (worker_id)
ORDER BY
    l.list_order,
    CASE WHEN l.list_order < 3 THEN l.engagement_share END ASC NULLS LAST,
    CASE WHEN l.list_order = 3 THEN l.allocation END DESC NULLS FIRST,
    l.full_name,
    l.worker_id

-- util_people_sums: util_people without the engagements (count and names): one row per filtered
-- person with capacity in the weeks starting between $from and $to, the same sums, rows and order.
-- The staffing lists (analytics.metrics.staffing_lists) pick their people from these sums and ask
-- util_people_engagements for the listed people's engagements only: the names are the costly part
-- of util_people at ~100M rows, and most people are on none of the lists.
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
    wk.weeks_over_capacity
FROM wk
JOIN workers AS w USING (worker_id)
WHERE {worker_filter}
ORDER BY w.full_name, w.worker_id

-- util_heatmap_people: one page of the allocation heatmap by person. Per filtered person, weeks
-- starting inside the period are ranked by $sort: 'problem' = most weeks over capacity
-- (logged > capacity) or low-billable (billable < $threshold × capacity, billable roles only:
-- people in $non_billable_roles are never low-billable), then furthest from 100% allocated;
-- 'high' / 'low' = period allocation; 'name'. Returns the weekly Σ capacity, logged and
-- billable hours of the people ranked $offset+1 … $offset+$limit, the same capacity and billable
-- hours again as billable_role_* (0 for a non-billable role), with `rank` and `total_rows`.
WITH weeks AS (
    SELECT
        k.worker_id, k.week_start, k.capacity_hours, k.total_hours, k.billable_hours,
        NOT list_contains($non_billable_roles::VARCHAR[], w.role) AS billable_role
    FROM worker_weeks AS k
    JOIN workers AS w USING (worker_id)
    WHERE k.week_start BETWEEN $start::DATE AND $end::DATE
      AND {worker_filter}
),
totals AS (
    SELECT
        worker_id AS row_key,
        count(*) FILTER (
            WHERE total_hours > capacity_hours
               OR (billable_role AND billable_hours < $threshold * capacity_hours)
        ) AS problem_weeks,
        sum(total_hours) / nullif(sum(capacity_hours), 0) AS period_allocation
    FROM weeks
    GROUP BY worker_id
),
ranked AS (
    SELECT
        t.*,
        w.full_name AS row_label,
        w.worker_type,
        w.role,
        row_number() OVER (
            ORDER BY
                CASE $sort
                    WHEN 'problem' THEN -t.problem_weeks
                    WHEN 'high' THEN -coalesce(t.period_allocation, 0)
                    WHEN 'low' THEN coalesce(t.period_allocation, 0)
                    ELSE 0
                END,
                CASE WHEN $sort = 'problem' THEN -abs(coalesce(t.period_allocation, 0) - 1) ELSE 0 END,
                w.full_name,
                t.row_key
        ) AS rank,
        count(*) OVER () AS total_rows
    FROM totals AS t
    JOIN workers AS w ON w.worker_id = t.row_key
    QUALIFY rank > $offset AND rank <= $offset + $limit
)
SELECT
    r.rank, r.total_rows, r.row_key, r.row_label, r.problem_weeks, r.period_allocation,
    r.worker_type, r.role,
    k.week_start, k.capacity_hours, k.total_hours, k.billable_hours,
    CASE WHEN k.billable_role THEN k.capacity_hours ELSE 0 END AS billable_role_capacity_hours,
    CASE WHEN k.billable_role THEN k.billable_hours ELSE 0 END AS billable_role_billable_hours
FROM ranked AS r
JOIN weeks AS k ON k.worker_id = r.row_key
ORDER BY r.rank, k.week_start

-- util_heatmap_departments: one page of the allocation heatmap by department: weekly Σ capacity,
-- logged and billable hours of the filtered people, weeks starting inside the period, and Σ
-- capacity and billable hours of those in billable roles (not in $non_billable_roles), which a
-- low-billable week is judged on. Ranked like util_heatmap_people ($sort, $threshold) with a
-- department's weekly sums as one row; returns departments ranked $offset+1 … $offset+$limit
-- with `rank` and `total_rows`.
WITH cells AS (
    SELECT
        w.department AS row_key,
        k.week_start,
        sum(k.capacity_hours) AS capacity_hours,
        sum(k.total_hours) AS total_hours,
        sum(k.billable_hours) AS billable_hours,
        coalesce(sum(k.capacity_hours) FILTER (
            WHERE NOT list_contains($non_billable_roles::VARCHAR[], w.role)
        ), 0) AS billable_role_capacity_hours,
        coalesce(sum(k.billable_hours) FILTER (
            WHERE NOT list_contains($non_billable_roles::VARCHAR[], w.role)
        ), 0) AS billable_role_billable_hours
    FROM worker_weeks AS k
    JOIN workers AS w USING (worker_id)
    WHERE k.week_start BETWEEN $start::DATE AND $end::DATE
      AND {worker_filter}
    GROUP BY ALL
),
totals AS (
    SELECT
        row_key,
        count(*) FILTER (
            WHERE total_hours > capacity_hours
               OR (billable_role_capacity_hours > 0
                   AND billable_role_billable_hours < $threshold * billable_role_capacity_hours)
        ) AS problem_weeks,
        sum(total_hours) / nullif(sum(capacity_hours), 0) AS period_allocation
    FROM cells
    GROUP BY row_key
),
ranked AS (
    SELECT
        *,
        row_key AS row_label,
        row_number() OVER (
            ORDER BY
                CASE $sort
                    WHEN 'problem' THEN -problem_weeks
                    WHEN 'high' THEN -coalesce(period_allocation, 0)
                    WHEN 'low' THEN coalesce(period_allocation, 0)
                    ELSE 0
                END,
                CASE WHEN $sort = 'problem' THEN -abs(coalesce(period_allocation, 0) - 1) ELSE 0 END,
                row_key
        ) AS rank,
        count(*) OVER () AS total_rows
    FROM totals
    QUALIFY rank > $offset AND rank <= $offset + $limit
)
SELECT
    r.rank, r.total_rows, r.row_key, r.row_label, r.problem_weeks, r.period_allocation,
    NULL::VARCHAR AS worker_type, NULL::VARCHAR AS role,
    c.week_start, c.capacity_hours, c.total_hours, c.billable_hours,
    c.billable_role_capacity_hours, c.billable_role_billable_hours
FROM ranked AS r
JOIN cells AS c USING (row_key)
ORDER BY r.rank, c.week_start

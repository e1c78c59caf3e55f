-- util_heatmap: weekly Σ capacity, Σ logged and Σ billable hours per row of the allocation
-- heatmap, for one page of rows. A row is a person ($by = 'person') or a department
-- ($by = 'department'), over the filtered people's weeks starting inside the period.
-- Rows are ranked by $sort: 'problem' = most weeks over capacity (logged > capacity) or on the
-- bench (billable < $threshold × capacity), 'high' / 'low' = period allocation, 'name'.
-- Returns rows ranked $offset+1 … $offset+$limit, with `rank` and `total_rows` (all rows).
WITH cells AS (
    SELECT
        CASE WHEN $by = 'department' THEN w.department ELSE w.worker_id END AS row_key,
        CASE WHEN $by = 'department' THEN w.department ELSE w.full_name END AS row_label,
        CASE WHEN $by = 'department' THEN NULL ELSE w.worker_type END AS worker_type,
        CASE WHEN $by = 'department' THEN NULL ELSE w.role END AS role,
        k.week_start,
        sum(k.capacity_hours) AS capacity_hours,
        sum(k.total_hours) AS total_hours,
        sum(k.billable_hours) AS billable_hours
    FROM worker_weeks AS k
    JOIN workers AS w USING (worker_id)
    WHERE k.week_start BETWEEN $start::DATE AND $end::DATE
      AND {worker_filter}
    GROUP BY ALL
),
totals AS (
    SELECT
        row_key,
        any_value(row_label) AS row_label,
        count(*) FILTER (
            WHERE total_hours > capacity_hours OR billable_hours < $threshold * capacity_hours
        ) AS problem_weeks,
        sum(total_hours) / nullif(sum(capacity_hours), 0) AS period_allocation
    FROM cells
    GROUP BY row_key
),
ranked AS (
    SELECT
        *,
        row_number() OVER (
            ORDER BY
                CASE $sort
                    WHEN 'problem' THEN -problem_weeks
                    WHEN 'high' THEN -coalesce(period_allocation, 0)
                    WHEN 'low' THEN coalesce(period_allocation, 0)
                    ELSE 0
                END,
                CASE WHEN $sort = 'problem' THEN -abs(coalesce(period_allocation, 0) - 1) ELSE 0 END,
                row_label,
                row_key
        ) AS rank,
        count(*) OVER () AS total_rows
    FROM totals
)
SELECT
    r.rank,
    r.total_rows,
    r.row_key,
    r.row_label,
    r.problem_weeks,
    r.period_allocation,
    c.worker_type,
    c.role,
    c.week_start,
    c.capacity_hours,
    c.total_hours,
    c.billable_hours
FROM ranked AS r
JOIN cells AS c USING (row_key)
WHERE r.rank > $offset AND r.rank <= $offset + $limit
ORDER BY r.rank, c.week_start

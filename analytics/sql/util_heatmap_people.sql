-- util_heatmap_people: one page of the allocation heatmap by person. Per filtered person, weeks
-- starting inside the period are ranked by $sort: 'problem' = most weeks over capacity
-- (logged > capacity) or low-billable (billable < $threshold × capacity, billable roles only:
-- people in $non_billable_roles are never low-billable), then furthest from 100% allocated;
-- 'high' / 'low' = period allocation; 'name'. Returns the weekly Σ capacity, logged and
-- billable hours of the people ranked $offset+1 … $offset+$limit, the same capacity and billable
-- hours again as billable_role_* (0 for a non-billable role), with `rank` and `total_rows`.
-- The weeks are summed per person before the roster (and the filter) is joined (a role is the same
-- every week), so the join reads one row per person, not one per person-week; everyone's weeks are
-- summed, which costs no more than the unfiltered page, the slowest case. Only the page is sorted (a top-N
-- of $offset + $limit rows), and `total_rows` is a count of the same people.
WITH people AS (
    SELECT
        w.worker_id, w.full_name, w.worker_type, w.role,
        NOT list_contains($non_billable_roles::VARCHAR[], w.role) AS billable_role
    FROM workers AS w
    WHERE {worker_filter}
),
-- a threshold on the page's 5 % steps (0 %, 5 %, …, 100 %): the months the period covers whole are
-- read from allocation_months (one row per person-month, the problem weeks of every step built at
-- load), a month the period starts or ends inside from its weeks' worker_weeks rows; any other
-- threshold: every week from worker_weeks (the constant conditions on $threshold fold, so only one
-- of the two is read)
parts AS (
    SELECT
        m.worker_id,
        m.over_weeks,
        (m.problem_week_counts >> (3 * CAST(round($threshold * 20) AS INTEGER))) & 7 AS over_or_low_weeks,
        m.total_hours,
        m.capacity_hours
    FROM allocation_months AS m
    WHERE round($threshold * 20) BETWEEN 0 AND 20
      AND CAST(CAST(round($threshold * 20) AS INTEGER) * 5 AS DOUBLE) / 100 = $threshold
      AND m.month >= $start::DATE AND last_day(m.month) <= $end::DATE
    UNION ALL
    SELECT
        k.worker_id,
        CASE WHEN k.total_hours > k.capacity_hours THEN 1 ELSE 0 END AS over_weeks,
        CASE WHEN k.total_hours > k.capacity_hours OR k.billable_hours < $threshold * k.capacity_hours
            THEN 1 ELSE 0 END AS over_or_low_weeks,
        k.total_hours,
        k.capacity_hours
    FROM worker_weeks AS k
    WHERE k.week_start BETWEEN $start::DATE AND $end::DATE
      AND (
            NOT (round($threshold * 20) BETWEEN 0 AND 20
                 AND CAST(CAST(round($threshold * 20) AS INTEGER) * 5 AS DOUBLE) / 100 = $threshold)
         OR ($start::DATE > date_trunc('month', $start::DATE)
             AND k.week_start BETWEEN $start::DATE AND least($end::DATE, last_day($start::DATE)))
         OR ($end::DATE < last_day($end::DATE)
             AND k.week_start BETWEEN greatest($start::DATE, date_trunc('month', $end::DATE)) AND $end::DATE)
      )
),
per_person AS (
    SELECT
        worker_id,
        CAST(sum(over_weeks) AS BIGINT) AS over_weeks,
        CAST(sum(over_or_low_weeks) AS BIGINT) AS over_or_low_weeks,
        sum(total_hours) AS total_hours,
        sum(capacity_hours) AS capacity_hours
    FROM parts
    GROUP BY worker_id
),
joined AS MATERIALIZED (  -- every filtered person with weeks in the period, with the page's sort keys
    SELECT
        p.worker_id AS row_key,
        CASE WHEN p.billable_role THEN a.over_or_low_weeks ELSE a.over_weeks END AS problem_weeks,
        a.total_hours / nullif(a.capacity_hours, 0) AS period_allocation,
        p.full_name AS row_label,
        p.worker_type,
        p.role,
        p.billable_role
    FROM per_person AS a
    JOIN people AS p USING (worker_id)
),
-- the page only: a top-N (ORDER BY … LIMIT) keeps $offset + $limit rows, where ranking everyone with
-- row_number() would sort every person; the order is total (worker_id last), so the rows are the same
page AS (
    SELECT
        *,
        CASE $sort
            WHEN 'problem' THEN -problem_weeks
            WHEN 'high' THEN -coalesce(period_allocation, 0)
            WHEN 'low' THEN coalesce(period_allocation, 0)
            ELSE 0
        END AS sort_first,
        CASE WHEN $sort = 'problem' THEN -abs(coalesce(period_allocation, 0) - 1) ELSE 0 END AS sort_then
    FROM joined
    ORDER BY sort_first, sort_then, row_label, row_key
    LIMIT $limit OFFSET $offset
),
ranked AS (  -- the page's rows numbered in the same order, after the $offset rows before them
    SELECT
        page.*,
        $offset + row_number() OVER (ORDER BY sort_first, sort_then, row_label, row_key) AS rank,
        (SELECT count(*) FROM joined) AS total_rows
    FROM page
)
SELECT
    r.rank, r.total_rows, r.row_key, r.row_label, r.problem_weeks, r.period_allocation,
    r.worker_type, r.role,
    k.week_start, k.capacity_hours, k.total_hours, k.billable_hours,
    CASE WHEN r.billable_role THEN k.capacity_hours ELSE 0 END AS billable_role_capacity_hours,
    CASE WHEN r.billable_role THEN k.billable_hours ELSE 0 END AS billable_role_billable_hours
FROM ranked AS r
JOIN worker_weeks AS k ON k.worker_id = r.row_key
WHERE k.week_start BETWEEN $start::DATE AND $end::DATE
ORDER BY r.rank, k.week_start

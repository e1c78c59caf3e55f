-- build_allocation_months: per person × calendar month (of the week's Monday), the allocation
-- heatmap's sums over the weeks starting in that month: weeks logged above capacity, Σ logged and
-- Σ capacity hours, and how many weeks were a problem (over capacity, or billable below the bench
-- threshold × capacity) at each threshold the page's input steps through: 0 %, 5 %, …, 100 %.
-- A problem week depends on the user's threshold, so the counts are kept for all 21 steps, packed
-- in one BIGINT: the count at step i (threshold i × 5 / 100) is (problem_week_counts >> 3i) & 7
-- (a month has at most 5 Mondays, so 3 bits hold a count). A week is a problem from the first step
-- at which it is one onwards (a higher threshold only adds weeks): counted at steps first_step … 20,
-- i.e. it adds 8^first_step + … + 8^20 = (8^21 − 1) / 7 − (8^first_step − 1) / 7. The comparison is
-- the page's own (billable < threshold × capacity, in DOUBLE, threshold = step × 5 / 100), so a
-- threshold on the grid gives the same weeks; any other threshold is counted from worker_weeks.
-- Rebuilt inside every load transaction, after worker_weeks.
CREATE OR REPLACE TABLE allocation_months AS
WITH weeks AS (
    SELECT
        worker_id,
        date_trunc('month', week_start)::DATE AS month,
        total_hours,
        capacity_hours,
        CASE WHEN total_hours > capacity_hours THEN 1 ELSE 0 END AS over,
        CASE
            WHEN total_hours > capacity_hours THEN 0
            WHEN billable_hours < CAST(0 AS DOUBLE) / 100 * capacity_hours THEN 0
            WHEN billable_hours < CAST(5 AS DOUBLE) / 100 * capacity_hours THEN 1
            WHEN billable_hours < CAST(10 AS DOUBLE) / 100 * capacity_hours THEN 2
            WHEN billable_hours < CAST(15 AS DOUBLE) / 100 * capacity_hours THEN 3
            WHEN billable_hours < CAST(20 AS DOUBLE) / 100 * capacity_hours THEN 4
            WHEN billable_hours < CAST(25 AS DOUBLE) / 100 * capacity_hours THEN 5
            WHEN billable_hours < CAST(30 AS DOUBLE) / 100 * capacity_hours THEN 6
            WHEN billable_hours < CAST(35 AS DOUBLE) / 100 * capacity_hours THEN 7
            WHEN billable_hours < CAST(40 AS DOUBLE) / 100 * capacity_hours THEN 8
            WHEN billable_hours < CAST(45 AS DOUBLE) / 100 * capacity_hours THEN 9
            WHEN billable_hours < CAST(50 AS DOUBLE) / 100 * capacity_hours THEN 10
            WHEN billable_hours < CAST(55 AS DOUBLE) / 100 * capacity_hours THEN 11
            WHEN billable_hours < CAST(60 AS DOUBLE) / 100 * capacity_hours THEN 12
            WHEN billable_hours < CAST(65 AS DOUBLE) / 100 * capacity_hours THEN 13
            WHEN billable_hours < CAST(70 AS DOUBLE) / 100 * capacity_hours THEN 14
            WHEN billable_hours < CAST(75 AS DOUBLE) / 100 * capacity_hours THEN 15
            WHEN billable_hours < CAST(80 AS DOUBLE) / 100 * capacity_hours THEN 16
            WHEN billable_hours < CAST(85 AS DOUBLE) / 100 * capacity_hours THEN 17
            WHEN billable_hours < CAST(90 AS DOUBLE) / 100 * capacity_hours THEN 18
            WHEN billable_hours < CAST(95 AS DOUBLE) / 100 * capacity_hours THEN 19
            WHEN billable_hours < CAST(100 AS DOUBLE) / 100 * capacity_hours THEN 20
            ELSE 21
        END AS first_step
    FROM worker_weeks
)
SELECT
    worker_id,
    month,
    CAST(sum(over) AS BIGINT) AS over_weeks,
    sum(total_hours) AS total_hours,
    sum(capacity_hours) AS capacity_hours,
    CAST(sum(
        CASE WHEN first_step = 21 THEN 0
             ELSE 1317624576693539401 - ((CAST(1 AS BIGINT) << (3 * first_step)) - 1) // 7
        END
    ) AS BIGINT) AS problem_week_counts
FROM weeks
GROUP BY worker_id, month
ORDER BY month, worker_id

-- duration_by_delivery_model: per delivery model (in-house / mixed / contractor by the
-- contractors' share of hours logged, ≥ 80% by one type decides; 'no hours' without hours),
-- over engagements of the filtered departments whose actual (or planned) span overlaps the
-- period: engagements, completed, cancelled, median completed duration (months of 30.44 days),
-- overrun (Σ actual / Σ planned duration − 1 over completed engagements with a positive planned
-- duration), on-time rate (completed by the planned end ÷ completed), cancelled share, mean
-- quality and how many are rated. The same figures analytics.duration.by_delivery_model forms
-- in pandas from engagement_people, computed here in one pass.
WITH e AS (
    SELECT
        e.status,
        e.quality_score,
        e.actual_end <= e.planned_end AS on_time,
        datediff('day', e.planned_start, e.planned_end)::DOUBLE AS planned_days,
        datediff('day', e.actual_start, e.actual_end)::DOUBLE AS actual_days,
        coalesce(h.employee_hours, 0) + coalesce(h.contractor_hours, 0) AS hours,
        coalesce(h.contractor_hours, 0) AS contractor_hours
    FROM engagements AS e
    LEFT JOIN engagement_hours AS h USING (engagement_id)
    WHERE coalesce(e.actual_start, e.planned_start) <= $end::DATE
      AND coalesce(e.actual_end, e.planned_end) >= $start::DATE
      AND (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], e.department))
),
m AS (
    SELECT
        *,
        CASE
            WHEN hours <= 0 THEN 'no hours'
            WHEN contractor_hours / hours >= 0.8 THEN 'contractor'
            WHEN contractor_hours / hours <= 0.2 THEN 'in-house'
            ELSE 'mixed'
        END AS delivery_model,
        status = 'completed' AND actual_days IS NOT NULL AS done
    FROM e
)
SELECT
    delivery_model,
    count(*) AS engagements,
    count(*) FILTER (WHERE done) AS completed,
    count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
    median(actual_days) FILTER (WHERE done) / 30.44 AS median_months,
    sum(actual_days) FILTER (WHERE done AND planned_days > 0)
        / nullif(sum(planned_days) FILTER (WHERE done AND planned_days > 0), 0) - 1 AS overrun,
    avg(on_time::DOUBLE) FILTER (WHERE done) AS on_time_rate,
    avg((status = 'cancelled')::DOUBLE) AS cancelled_share,
    avg(quality_score) AS quality,
    count(quality_score) AS rated
FROM m
GROUP BY delivery_model
ORDER BY list_position(['in-house', 'mixed', 'contractor', 'no hours'], delivery_model)

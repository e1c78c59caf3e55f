-- duration_by_delivery_model: per delivery model (see build_engagement_facts.sql), over
-- engagements of the filtered departments whose span (engagement_facts) overlaps the period:
-- engagements, completed, cancelled, median completed duration (months of $days_per_month days,
-- analytics/periods.py), overrun
-- (Σ actual / Σ planned duration − 1 over completed engagements with a positive planned
-- duration), on-time rate (completed by the planned end ÷ completed), cancelled share, mean
-- quality and how many are rated. The same figures analytics.duration.by_delivery_model forms in
-- pandas from engagement_people; reads the facts engagement_facts holds from the last load.
WITH m AS (
    SELECT *
    FROM engagement_facts
    WHERE span_start <= $end::DATE
      AND span_end >= $start::DATE
      AND (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], department))
)
SELECT
    delivery_model,
    count(*) AS engagements,
    count(*) FILTER (WHERE done) AS completed,
    count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
    median(actual_days) FILTER (WHERE done) / $days_per_month AS median_months,
    sum(actual_days) FILTER (WHERE done AND planned_days > 0)
        / nullif(sum(planned_days) FILTER (WHERE done AND planned_days > 0), 0) - 1 AS overrun,
    avg(on_time::DOUBLE) FILTER (WHERE done) AS on_time_rate,
    avg((status = 'cancelled')::DOUBLE) AS cancelled_share,
    avg(quality_score) AS quality,
    count(quality_score) AS rated
FROM m
GROUP BY delivery_model
ORDER BY list_position(['in-house', 'mixed', 'contractor', 'no hours'], delivery_model)

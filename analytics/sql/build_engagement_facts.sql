-- build_engagement_facts: one row per engagement with what the delivery statistics need, worked
-- out once at load instead of on every page run: the span used for the period filter (actual
-- dates, else planned; an engagement started and neither completed nor cancelled, with no actual
-- end, is running until the data horizon's last day, whatever its planned end), the delivery model (in-house / mixed / contractor by the contractors'
-- share of the hours logged, >= 80% by one type decides; 'no hours' without hours), planned and
-- actual duration in days and whether it finished by the planned end. Rebuilt inside every load
-- transaction, after engagement_hours.
CREATE OR REPLACE TABLE engagement_facts AS
WITH h AS (
    SELECT
        e.*,
        coalesce(h.employee_hours, 0) + coalesce(h.contractor_hours, 0) AS hours,
        coalesce(h.contractor_hours, 0) AS contractor_hours
    FROM engagements AS e
    LEFT JOIN engagement_hours AS h USING (engagement_id)
)
SELECT
    engagement_id,
    department,
    status,
    quality_score,
    coalesce(actual_start, planned_start) AS span_start,
    CASE
        WHEN actual_end IS NOT NULL THEN actual_end
        WHEN actual_start IS NOT NULL AND status NOT IN ('completed', 'cancelled')
            THEN coalesce((SELECT last_day FROM horizon), planned_end)
        ELSE planned_end
    END AS span_end,
    actual_start IS NOT NULL AND actual_end IS NULL AND status NOT IN ('completed', 'cancelled') AS running,
    CASE
        WHEN hours <= 0 THEN 'no hours'
        WHEN contractor_hours / hours >= 0.8 THEN 'contractor'
        WHEN contractor_hours / hours <= 0.2 THEN 'in-house'
        ELSE 'mixed'
    END AS delivery_model,
    actual_end <= planned_end AS on_time,
    datediff('day', planned_start, planned_end)::DOUBLE AS planned_days,
    datediff('day', actual_start, actual_end)::DOUBLE AS actual_days,
    status = 'completed' AND actual_start IS NOT NULL AND actual_end IS NOT NULL AS done
FROM h
ORDER BY span_start

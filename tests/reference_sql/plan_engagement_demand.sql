-- plan_engagement_demand: the work already in hand, as confirmed demand: for each active engagement
-- of the filtered departments, the hours a week each role × seniority logged on it over the data's
-- last four timesheet weeks (Σ hours / 4), running until its planned end (an engagement already
-- past its planned end is counted to the end of the month after $as_of). Filtered by role like
-- the roster.
WITH h AS (SELECT last_week FROM horizon),
recent AS (
    SELECT t.engagement_id, w.role, w.seniority, sum(t.hours) / 4.0 AS hours_per_week
    FROM timesheets AS t
    JOIN workers AS w USING (worker_id), h
    WHERE t.engagement_id IS NOT NULL AND t.week_start > h.last_week - 28
      AND (len($roles::VARCHAR[]) = 0 OR list_contains($roles::VARCHAR[], w.role))
    GROUP BY ALL
)
SELECT
    e.engagement_id || ' · ' || r.role || ' · ' || r.seniority AS demand_id,
    e.engagement_id,
    e.department,
    r.role,
    r.seniority,
    r.hours_per_week,
    ($as_of::DATE + 1) AS start_date,
    greatest(e.planned_end, last_day($as_of::DATE + 1)) AS end_date,
    1.0 AS probability,
    'confirmed' AS status
FROM engagements AS e
JOIN recent AS r USING (engagement_id)
WHERE e.status = 'active'
  AND (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], e.department))
ORDER BY e.engagement_id, r.role, r.seniority

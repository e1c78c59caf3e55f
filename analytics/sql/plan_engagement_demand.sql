-- plan_engagement_demand: the work already in hand, as confirmed demand: for each active engagement
-- of the filtered departments, the hours a week each role × seniority logged on it over the data's
-- last four timesheet weeks (Σ hours / 4), running until its planned end (an engagement already
-- past its planned end is counted to the end of the month after $as_of). Filtered by role like
-- the roster. The hours come from engagement_recent_hours (built at load from those weeks' timesheets).
WITH recent AS (  -- the last four weeks' hours a week, per engagement × role × seniority (built at load)
    SELECT w.engagement_id, w.role, w.seniority, w.hours_per_week
    FROM engagement_recent_hours AS w
    WHERE len($roles::VARCHAR[]) = 0 OR list_contains($roles::VARCHAR[], w.role)
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

-- build_booked_weeks: hours booked on engagements (every timesheet row with an engagement_id,
-- billable or not; internal time is not demand) per week × worker type × department × role, the
-- grain of the global filters, so capacity vs demand reads a few thousand rows instead of the
-- period's timesheets. Rebuilt inside every load transaction.
CREATE OR REPLACE TABLE booked_weeks AS
SELECT
    t.week_start,
    w.worker_type,
    w.department,
    w.role,
    sum(t.hours) AS booked_hours
FROM timesheets AS t
JOIN workers AS w USING (worker_id)
WHERE t.engagement_id IS NOT NULL
GROUP BY ALL
ORDER BY ALL

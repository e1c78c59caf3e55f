-- plan_leave_rates: per role, the share of contracted hours lost to leave and holidays over the
-- 52 weeks to the data's last timesheet week: Σ time off / Σ (capacity net of leave + time off),
-- from the pre-aggregated group_weeks (all departments, both worker types).
SELECT
    g.role,
    sum(g.time_off_hours) / nullif(sum(g.capacity_hours + g.time_off_hours), 0) AS leave_share
FROM group_weeks AS g, horizon AS h
WHERE g.week_start > h.last_week - 364
GROUP BY g.role
ORDER BY g.role

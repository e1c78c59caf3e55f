-- plan_demand: the optional demand table's rows (pipeline and open roles) of the filtered
-- departments and roles, as loaded.
SELECT
    d.demand_id, d.engagement_id, d.department, d.role, d.seniority, d.hours_per_week,
    d.start_date, d.end_date, d.probability, d.status
FROM demand AS d
WHERE (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], d.department))
  AND (len($roles::VARCHAR[]) = 0 OR list_contains($roles::VARCHAR[], d.role))
ORDER BY d.demand_id

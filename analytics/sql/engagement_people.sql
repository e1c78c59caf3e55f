-- engagement_people: engagements of the filtered departments whose actual (or planned) span
-- overlaps the period, with hours logged on them by employees and by contractors (all time).
SELECT
    e.*,
    coalesce(h.employee_hours, 0) AS employee_hours,
    coalesce(h.contractor_hours, 0) AS contractor_hours,
    coalesce(h.employees, 0) AS employees,
    coalesce(h.contractors, 0) AS contractors
FROM engagements AS e
LEFT JOIN engagement_hours AS h USING (engagement_id)
WHERE coalesce(e.actual_start, e.planned_start) <= $end::DATE
  AND coalesce(e.actual_end, e.planned_end) >= $start::DATE
  AND (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], e.department))

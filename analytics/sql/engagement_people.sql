-- engagement_people: engagements of the filtered departments whose span (engagement_facts: actual
-- dates, else planned; a running engagement until the data horizon's end) overlaps the period,
-- with the delivery model and hours logged on them by employees and by contractors (all time).
SELECT
    e.*,
    f.span_start,
    f.span_end,
    f.running,
    f.delivery_model,
    coalesce(h.employee_hours, 0) AS employee_hours,
    coalesce(h.contractor_hours, 0) AS contractor_hours,
    coalesce(h.employees, 0) AS employees,
    coalesce(h.contractors, 0) AS contractors
FROM engagements AS e
JOIN engagement_facts AS f USING (engagement_id)
LEFT JOIN engagement_hours AS h USING (engagement_id)
WHERE f.span_start <= $end::DATE
  AND f.span_end >= $start::DATE
  AND (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], e.department))

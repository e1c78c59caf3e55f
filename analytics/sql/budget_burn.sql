-- budget_burn: per engagement of the covered departments whose dates (actual, else planned) overlap the
-- period (one started and not ended runs on), its budget and its contractor spend from its start to the period's end (engagement_spend):
-- billings (hours paid by the hour × rate in force; the fee is applied in analytics/metrics/budget_burn.py),
-- invoiced (fixed_fee and milestone invoices by invoice date), contractor_hours, and `contractors`
-- (distinct contractors who logged hours on it, engagement_hours: the privacy minimum applies to billings).
SELECT
    e.engagement_id, e.name, e.department, coalesce(e.vendor, '') AS vendor, e.pricing_model, e.status, e.budget,
    coalesce(s.billings, 0) AS billings,
    coalesce(s.invoiced, 0) AS invoiced,
    coalesce(s.contractor_hours, 0) AS contractor_hours,
    coalesce(s.invoiced_hours, 0) AS invoiced_hours,
    coalesce(h.contractors, 0) AS contractors
FROM engagements AS e
LEFT JOIN (
    SELECT engagement_id, sum(billings) AS billings, sum(invoiced) AS invoiced, sum(contractor_hours) AS contractor_hours,
           sum(invoiced_hours) AS invoiced_hours
    FROM engagement_spend
    WHERE month <= $end::DATE
    GROUP BY engagement_id
) AS s USING (engagement_id)
LEFT JOIN engagement_hours AS h USING (engagement_id)
WHERE coalesce(e.actual_start, e.planned_start) <= $end::DATE
  AND coalesce(e.actual_end, CASE WHEN e.actual_start IS NOT NULL THEN $end::DATE END, e.planned_end) >= $start::DATE
  AND (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], e.department))
ORDER BY e.engagement_id

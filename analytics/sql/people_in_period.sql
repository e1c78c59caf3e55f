-- people_in_period: how many distinct filtered people of each worker type were employed at
-- some point in the period (the group size behind the period's pay aggregates).
SELECT w.worker_type, count(DISTINCT m.worker_id) AS people
FROM worker_months AS m
JOIN workers AS w USING (worker_id)
WHERE m.month BETWEEN date_trunc('month', $start::DATE) AND $end::DATE
  AND {worker_filter}
GROUP BY ALL

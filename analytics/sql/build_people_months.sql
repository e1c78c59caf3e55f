-- build_people_months: per calendar month × worker type × department × role, how many people have
-- capacity in a week starting in that month (a worker_weeks row): the people of capacity vs
-- demand for the months a period covers whole (a month the period starts or ends inside is counted
-- from those weeks' worker_weeks rows). People are not additive across months, hence a table of its
-- own. Rebuilt inside every load transaction, after worker_weeks.
CREATE OR REPLACE TABLE people_months AS
SELECT
    date_trunc('month', k.week_start)::DATE AS month,
    w.worker_type,
    w.department,
    w.role,
    count(DISTINCT k.worker_id) AS people
FROM worker_weeks AS k
JOIN workers AS w USING (worker_id)
GROUP BY ALL
ORDER BY ALL

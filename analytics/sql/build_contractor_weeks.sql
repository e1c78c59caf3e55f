-- build_contractor_weeks: the contractors' rows of worker_weeks (people whose worker_type on the
-- roster is 'contractor'): worker_id, week_start, total_hours. cost_contractors_as_of sums a
-- contractor's 52 weeks from it, reading ~6.95M rows at 100M timesheet rows instead of decoding
-- every person's 10.85M. A week's rows depend only on that week's worker_weeks rows (built before
-- it) and on the roster, so a load of some weeks rebuilds those weeks; a roster load rebuilds it all.
-- Rebuilt inside every load transaction.
CREATE OR REPLACE TABLE contractor_weeks AS
SELECT k.worker_id, k.week_start, k.total_hours
FROM worker_weeks AS k
JOIN workers AS w ON w.worker_id = k.worker_id
WHERE w.worker_type = 'contractor'
ORDER BY k.week_start, k.worker_id

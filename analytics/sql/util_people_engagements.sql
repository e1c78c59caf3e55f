-- util_people_engagements: the engagements of util_people for the people in $worker_ids only: per
-- person who logged hours on an engagement in a week starting between $from and $to, how many
-- engagements and their distinct names sorted, joined by '; ' (people with none have no row).
-- Read from engagement_week_runs (built at load, sorted by last_week: the runs that ended before
-- $from are skipped).
WITH runs AS (  -- runs of weeks on an engagement holding a week inside $from … $to
    SELECT DISTINCT r.worker_id, r.engagement_id
    FROM engagement_week_runs AS r
    WHERE r.first_week <= $to::DATE
      AND r.last_week >= $from::DATE
      -- the run's first week on or after $from (run weeks are 7 days apart) is not after $to
      AND r.first_week + 7 * CAST(ceil(greatest(datediff('day', r.first_week, $from::DATE), 0) / 7) AS INTEGER)
          <= least(r.last_week, $to::DATE)
      AND r.worker_id IN (SELECT unnest($worker_ids::VARCHAR[]))
)
SELECT
    r.worker_id,
    count(*) AS engagements,
    coalesce(array_to_string(list_sort(list_distinct(list(e.name))), '; '), '') AS engagement_names
FROM runs AS r
JOIN engagements AS e USING (engagement_id)
GROUP BY r.worker_id

-- audit_events: the audit trail, newest first, narrowed by user (substring, any case), action and
-- UTC day range; an empty user or action list means all.
SELECT at_utc, user_email, role, action, details
FROM audit.events
WHERE ($user = '' OR contains(lower(user_email), lower($user)))
  AND (len($actions::VARCHAR[]) = 0 OR list_contains($actions::VARCHAR[], action))
  AND at_utc >= $since::TIMESTAMP AND at_utc < $until::TIMESTAMP
ORDER BY at_utc DESC, rowid DESC

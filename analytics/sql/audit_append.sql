-- audit_append: one event at the end of the audit trail (the app never updates or deletes one).
INSERT INTO audit.events (at_utc, user_email, role, action, details) VALUES ($at_utc, $user_email, $role, $action, $details)

-- audit_create: the audit trail's table, in a schema of its own (audit.events) so the SQL console,
-- the explorer and snapshots, which read the data tables, never copy it. Rows are only ever appended.
CREATE SCHEMA IF NOT EXISTS audit;
CREATE TABLE IF NOT EXISTS audit.events (
    at_utc TIMESTAMP NOT NULL,    -- when, in UTC
    user_email VARCHAR NOT NULL,  -- the signed-in email, or "local user" in local mode
    role VARCHAR,                 -- the role the user had then
    action VARCHAR NOT NULL,      -- sign_in, sign_out, no_access, load, undo, reset, sql_query, download, assumptions
    details VARCHAR               -- what: the query text, the file or report, the tables loaded …
);

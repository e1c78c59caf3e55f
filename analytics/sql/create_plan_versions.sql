-- create_plan_versions: the saved plan versions, one row per name (plan_version_save keeps it so): when
-- it was saved and the plan's settings (assumptions, horizon, attrition, demand edits, probability
-- overrides, chosen fills) as JSON. Saving replaces a version by name (delete, then insert) in one
-- transaction.
CREATE TABLE IF NOT EXISTS plan_versions (
    name VARCHAR NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    settings VARCHAR NOT NULL
)

-- create_plan_versions: the saved plan versions, one row per name: when it was saved and the plan's
-- settings (assumptions, horizon, attrition, demand edits, probability overrides, chosen fills) as JSON.
CREATE TABLE IF NOT EXISTS plan_versions (
    name VARCHAR PRIMARY KEY,
    saved_at TIMESTAMP NOT NULL,
    settings VARCHAR NOT NULL
)

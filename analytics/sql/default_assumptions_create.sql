-- default_assumptions_create: the organisation's default cost assumptions, set by an admin (one row per
-- CostAssumptions field that differs from the published default; no row = the published default).
CREATE SCHEMA IF NOT EXISTS app_settings;
CREATE TABLE IF NOT EXISTS app_settings.default_assumptions (name VARCHAR PRIMARY KEY, value DOUBLE NOT NULL);

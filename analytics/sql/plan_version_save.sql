-- plan_version_save: save (or replace) the plan version $name with its settings.
INSERT OR REPLACE INTO plan_versions (name, saved_at, settings) VALUES ($name, $saved_at, $settings)

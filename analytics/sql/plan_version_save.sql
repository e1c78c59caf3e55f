-- plan_version_save: save the plan version $name with its settings (plan_version_delete runs first,
-- in the same transaction).
INSERT INTO plan_versions (name, saved_at, settings) VALUES ($name, $saved_at, $settings)

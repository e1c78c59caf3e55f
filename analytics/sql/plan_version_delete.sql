-- plan_version_delete: remove the plan version $name (before saving it again).
DELETE FROM plan_versions WHERE name = $name

-- default_assumptions_set: one admin-set default.
INSERT INTO app_settings.default_assumptions VALUES ($name, $value)

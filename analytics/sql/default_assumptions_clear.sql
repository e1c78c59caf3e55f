-- default_assumptions_clear: forget every admin-set default (before the new set is written).
DELETE FROM app_settings.default_assumptions

-- default_assumptions: the admin-set defaults, name and value (fractions as fractions).
SELECT name, value FROM app_settings.default_assumptions ORDER BY name

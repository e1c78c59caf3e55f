-- plan_versions_list: the saved plan versions, newest first: name, saved_at, settings (JSON).
SELECT name, saved_at, settings FROM plan_versions ORDER BY saved_at DESC, name

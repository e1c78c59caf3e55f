-- util_last_week: the start (a Monday) of the last week with timesheets, from the derived horizon
-- table (build_horizon.sql). The "last N weeks" of the bench and over-allocated lists end there:
-- the whole-month horizon can run a few days past it, and a week with no timesheets yet is not idle.
SELECT last_week FROM horizon

-- The global filters' condition on workers w (departments, roles, worker types; an empty list
-- means no restriction), put where a query file says {worker_filter} (analytics/store/sql_files.py).
(
    (len($departments::VARCHAR[]) = 0 OR list_contains($departments::VARCHAR[], w.department))
    AND (len($roles::VARCHAR[]) = 0 OR list_contains($roles::VARCHAR[], w.role))
    AND (len($worker_types::VARCHAR[]) = 0 OR list_contains($worker_types::VARCHAR[], w.worker_type))
)

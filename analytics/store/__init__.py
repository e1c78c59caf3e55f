"""Storage: the schema as data, opening and locking down the DuckDB workspace, the SQL files, derived tables, snapshots and read-only replicas."""

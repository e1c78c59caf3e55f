"""Free analysis: the data dictionary, chart builder and pivot (explore) and the read-only SQL console with its child process."""

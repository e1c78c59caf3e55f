"""Getting real exports into the workspace: unpack → match headers and values → validate → stage
→ load by mode, with load history, undo and saved mappings. analytics.ingest.upload is the front door
that strings these together; the modules here each do one step."""

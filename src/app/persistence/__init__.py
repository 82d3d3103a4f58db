"""Engine, SQLite settings, schema versioning and the unit of work."""

"""Use cases: validate, save, query, count. One module per area; no Qt."""

"""Entities, enums, validation rules and errors: pure Python, no Qt."""

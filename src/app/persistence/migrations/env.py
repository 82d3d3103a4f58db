"""Alembic environment: always driven programmatically by app.persistence.schema."""

from __future__ import annotations

from alembic import context

from app.domain.models import all_models

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=all_models(),
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

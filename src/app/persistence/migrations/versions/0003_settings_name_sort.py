"""Settings kept in the database (so a backup carries them) and the stored
pinyin sort key of a person's name

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 06:45:00

Portable DDL; the sort key of the people already on file is filled in here.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("name_sort", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_people_name_sort"), ["name_sort"], unique=False)

    from app.domain.search_keys import name_sort_key

    people = sa.table(
        "people",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("name_sort", sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(people.c.id, people.c.name)).all()
    if rows:
        connection.execute(
            people.update()
            .where(people.c.id == sa.bindparam("pid"))
            .values(name_sort=sa.bindparam("key")),
            [{"pid": pid, "key": name_sort_key(name)} for pid, name in rows],
        )


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_name_sort"))
        batch_op.drop_column("name_sort")
    op.drop_table("settings")

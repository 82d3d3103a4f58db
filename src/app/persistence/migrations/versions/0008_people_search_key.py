"""The people's stored search key and the roster's index

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 14:00:00

people.search_key: the name, the 工号 and the pinyin initials in lower case
(domain.search_keys.search_key), what the roster's search box matches as a
substring, so the roster is searched in SQL without loading every person.
ix_people_roster (unit_id, status, political_status, search_key, name_sort)
holds everything the roster's filters, counts and default order read.
The key of the people already on file is filled in here.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ROSTER_COLUMNS = ["unit_id", "status", "political_status", "search_key", "name_sort"]


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("search_key", sa.String(length=200), nullable=False, server_default="")
        )

    from app.domain.search_keys import search_key

    people = sa.table(
        "people",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("employee_no", sa.String),
        sa.column("name_initials", sa.String),
        sa.column("search_key", sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(people.c.id, people.c.name, people.c.employee_no, people.c.name_initials)
    ).all()
    if rows:
        connection.execute(
            people.update()
            .where(people.c.id == sa.bindparam("pid"))
            .values(search_key=sa.bindparam("key")),
            [
                {"pid": pid, "key": search_key(name, employee_no, initials or "")}
                for pid, name, employee_no, initials in rows
            ],
        )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index("ix_people_roster", ROSTER_COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index("ix_people_roster")
        batch_op.drop_column("search_key")

"""党员承诺: pledges, their 践诺 progress notes, manual points entries

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 06:40:00

Portable DDL: enums are VARCHAR codes, timestamps default to now() on every backend.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=30)


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "pledges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "category",
            _enum("pledgecategory", "main_duty", "serving", "innovation", "conduct", "learning"),
            nullable=False,
        ),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            _enum("pledgestatus", "in_progress", "done", "not_done", "withdrawn"),
            nullable=False,
        ),
        sa.Column(
            "rating",
            _enum("pledgerating", "excellent", "qualified", "basic", "unqualified"),
            nullable=True,
        ),
        sa.Column("rating_comment", sa.Text(), nullable=False),
        sa.Column("rated_on", sa.Date(), nullable=True),
        sa.Column("extra_points", sa.Integer(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_pledges_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledges")),
    )
    op.create_index(op.f("ix_pledges_person_id"), "pledges", ["person_id"], unique=False)
    op.create_index("ix_pledges_year_person", "pledges", ["year", "person_id"], unique=False)

    op.create_table(
        "pledge_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["pledges.id"],
            name=op.f("fk_pledge_progress_pledge_id_pledges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge_progress")),
    )
    op.create_index(
        op.f("ix_pledge_progress_pledge_id"), "pledge_progress", ["pledge_id"], unique=False
    )

    op.create_table(
        "points_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_points_entries_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points_entries")),
    )
    op.create_index(
        "ix_points_entries_person_date", "points_entries", ["person_id", "date"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_points_entries_person_date", table_name="points_entries")
    op.drop_table("points_entries")
    op.drop_index(op.f("ix_pledge_progress_pledge_id"), table_name="pledge_progress")
    op.drop_table("pledge_progress")
    op.drop_index("ix_pledges_year_person", table_name="pledges")
    op.drop_index(op.f("ix_pledges_person_id"), table_name="pledges")
    op.drop_table("pledges")

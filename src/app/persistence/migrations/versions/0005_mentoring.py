"""老带新 and 双培养一输送: mentorships, their check-ins, development records

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:20:00

Portable DDL: enums are VARCHAR codes, timestamps default to now() on every backend.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=30)


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
    ]


def _person_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["people.id"], name=op.f(f"fk_{table}_{column}_people"), ondelete="RESTRICT"
    )


def upgrade() -> None:
    op.create_table(
        "mentorships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("focus", sa.String(length=100), nullable=False),
        sa.Column("goals", sa.Text(), nullable=False),
        sa.Column(
            "status", _enum("mentorshipstatus", "active", "graduated", "stopped"), nullable=False
        ),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("evaluation", sa.Text(), nullable=False),
        *_timestamps(),
        _person_fk("mentorships", "mentor_id"),
        _person_fk("mentorships", "mentee_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentorships")),
        sa.UniqueConstraint(
            "mentor_id", "mentee_id", "start_date", name=op.f("uq_mentorships_mentor_id")
        ),
    )
    op.create_index(op.f("ix_mentorships_mentor_id"), "mentorships", ["mentor_id"], unique=False)
    op.create_index(op.f("ix_mentorships_mentee_id"), "mentorships", ["mentee_id"], unique=False)
    op.create_index(
        "ix_mentorships_status_start", "mentorships", ["status", "start_date"], unique=False
    )

    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentorship_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["mentorship_id"],
            ["mentorships.id"],
            name=op.f("fk_check_ins_mentorship_id_mentorships"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_ins")),
    )
    op.create_index(
        "ix_check_ins_mentorship_date", "check_ins", ["mentorship_id", "date"], unique=False
    )

    op.create_table(
        "development_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "stage",
            _enum(
                "stage",
                "backbone",
                "application",
                "activist",
                "target",
                "probationary",
                "full_member",
                "transfer",
            ),
            nullable=False,
        ),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("talk_date", sa.Date(), nullable=True),
        sa.Column("introducer1_id", sa.Integer(), nullable=True),
        sa.Column("introducer2_id", sa.Integer(), nullable=True),
        sa.Column("training_days", sa.Integer(), nullable=True),
        sa.Column("training_hours", sa.Integer(), nullable=True),
        sa.Column("approval_date", sa.Date(), nullable=True),
        sa.Column("extension_months", sa.Integer(), nullable=True),
        *_timestamps(),
        _person_fk("development_records", "person_id"),
        _person_fk("development_records", "introducer1_id"),
        _person_fk("development_records", "introducer2_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_development_records")),
        sa.UniqueConstraint(
            "person_id", "stage", "date", name=op.f("uq_development_records_person_id")
        ),
    )
    op.create_index(op.f("ix_development_records_person_id"), "development_records", ["person_id"])
    op.create_index("ix_development_records_stage_date", "development_records", ["stage", "date"])


def downgrade() -> None:
    op.drop_table("development_records")
    op.drop_table("check_ins")
    op.drop_table("mentorships")

"""The sessions' pairing index also covers the columns the figures add up

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 16:45:00

ix_assistance_sessions_pairing_date (pairing_id, date) becomes
ix_assistance_sessions_pairing_figures (pairing_id, date, service_type,
participant_count, outside_count): the same order for a pairing's sessions
(and the foreign key's look-ups), and the totals line counts the sessions of a
类型 (or of every year, summed per pairing) from the index alone instead of
testing each session's pairing along the date index: over 100,000 sessions the
sessions of 本支部结对 are summed in about 9 ms instead of 20-30 ms, every
session in about 15 ms instead of 40-55 ms (docs/benchmarks.md). The figures
index by date (0006) stays: it serves a period's list and its totals.
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

COLUMNS = ["pairing_id", "date", "service_type", "participant_count", "outside_count"]


def upgrade() -> None:
    with op.batch_alter_table("assistance_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_assistance_sessions_pairing_date")
        batch_op.create_index("ix_assistance_sessions_pairing_figures", COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("assistance_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_assistance_sessions_pairing_figures")
        batch_op.create_index(
            "ix_assistance_sessions_pairing_date", ["pairing_id", "date"], unique=False
        )

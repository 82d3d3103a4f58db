"""The sessions' date index also covers the columns the figures add up

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 09:45:00

ix_assistance_sessions_date_pairing (date, pairing_id) becomes
ix_assistance_sessions_date_pairing_figures (date, pairing_id, service_type,
participant_count, outside_count): the same order for the ledger's list, and
the totals line and the 工作汇总 count a period from the index alone instead
of reading every session row (0.13 s -> 0.014 s for a year of 100,000
sessions; docs/benchmarks.md).
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = ["date", "pairing_id", "service_type", "participant_count", "outside_count"]


def upgrade() -> None:
    with op.batch_alter_table("assistance_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_assistance_sessions_date_pairing")
        batch_op.create_index("ix_assistance_sessions_date_pairing_figures", COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("assistance_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_assistance_sessions_date_pairing_figures")
        batch_op.create_index(
            "ix_assistance_sessions_date_pairing", ["date", "pairing_id"], unique=False
        )

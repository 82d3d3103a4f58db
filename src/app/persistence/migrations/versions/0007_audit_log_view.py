"""The 操作记录 view: an import's records point at its entry; the log is read by time

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:30:00

audit_log.batch_id: the id of the import entry (action "import") a record's
row was written by, NULL for a change made in a form. The 操作记录 window lists
the rows whose batch_id is NULL (an import is one line with its counts) and
shows an import's rows when asked. ix_audit_log_at serves its date filter,
ix_audit_log_batch_id the rows of one import.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_audit_log_batch_id", ["batch_id"], unique=False)
        batch_op.create_index("ix_audit_log_at", ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_at")
        batch_op.drop_index("ix_audit_log_batch_id")
        batch_op.drop_column("batch_id")

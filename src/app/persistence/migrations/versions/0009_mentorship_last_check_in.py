"""The day of a mentorship's last check-in, stored with it

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 14:50:00

mentorships.last_check_in: the day of the pair's last 带教记录 (NULL when it
has none), kept by the mentoring service and the import whenever check-ins
are added, moved or deleted. The 带教 list's default order (quiet 带教中 pairs
first), its 只看超过 30 天未记录 filter and the totals line's quiet count read
it instead of looking up every active pair's check-ins.
ix_mentorships_status_last (status, last_check_in, start_date) holds all the
order and the totals read. The pairs already on file are filled in here.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mentorships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_check_in", sa.Date(), nullable=True))

    mentorships = sa.table(
        "mentorships", sa.column("id", sa.Integer), sa.column("last_check_in", sa.Date)
    )
    check_ins = sa.table(
        "check_ins", sa.column("mentorship_id", sa.Integer), sa.column("date", sa.Date)
    )
    last = (
        sa.select(sa.func.max(check_ins.c.date))
        .where(check_ins.c.mentorship_id == mentorships.c.id)
        .scalar_subquery()
    )
    op.get_bind().execute(mentorships.update().values(last_check_in=last))
    with op.batch_alter_table("mentorships", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mentorships_status_last", ["status", "last_check_in", "start_date"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("mentorships", schema=None) as batch_op:
        batch_op.drop_index("ix_mentorships_status_last")
        batch_op.drop_column("last_check_in")

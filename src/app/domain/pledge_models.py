"""党员承诺's vocabulary and entities: pledges with their 践诺 progress notes and
评诺 rating, and manual points entries, as SQLAlchemy 2 typed models.

Points derived from rated pledges and from 结对帮扶 sessions attended are not
stored: the points service computes them from their sources every time, so
editing or deleting a source changes them at once and nothing is counted twice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.enums import LabelledEnum, define_labels
from app.domain.models import Base, Timestamped, enum_column


class PledgeCategory(LabelledEnum):
    MAIN_DUTY = "main_duty"
    SERVING = "serving"
    INNOVATION = "innovation"
    CONDUCT = "conduct"
    LEARNING = "learning"


class PledgeStatus(LabelledEnum):
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_DONE = "not_done"
    WITHDRAWN = "withdrawn"


class PledgeRating(LabelledEnum):
    EXCELLENT = "excellent"
    QUALIFIED = "qualified"
    BASIC = "basic"
    UNQUALIFIED = "unqualified"


class PointsSource(LabelledEnum):
    BASE = "base"
    PLEDGE = "pledge"
    SESSION = "session"
    MANUAL = "manual"


define_labels(
    PledgeCategory,
    {
        PledgeCategory.MAIN_DUTY: "主责主业",
        PledgeCategory.SERVING: "服务群众",
        PledgeCategory.INNOVATION: "创新创效",
        PledgeCategory.CONDUCT: "作风建设",
        PledgeCategory.LEARNING: "学习提升",
    },
    {
        "主业": PledgeCategory.MAIN_DUTY,
        "服务": PledgeCategory.SERVING,
        "创新": PledgeCategory.INNOVATION,
        "作风": PledgeCategory.CONDUCT,
        "学习": PledgeCategory.LEARNING,
    },
)
define_labels(
    PledgeStatus,
    {
        PledgeStatus.IN_PROGRESS: "践诺中",
        PledgeStatus.DONE: "已完成",
        PledgeStatus.NOT_DONE: "未完成",
        PledgeStatus.WITHDRAWN: "已撤销",
    },
    {
        "进行中": PledgeStatus.IN_PROGRESS,
        "完成": PledgeStatus.DONE,
        "撤销": PledgeStatus.WITHDRAWN,
        "公开承诺": PledgeStatus.IN_PROGRESS,
    },
)
define_labels(
    PledgeRating,
    {
        PledgeRating.EXCELLENT: "优秀",
        PledgeRating.QUALIFIED: "合格",
        PledgeRating.BASIC: "基本合格",
        PledgeRating.UNQUALIFIED: "不合格",
    },
)
define_labels(
    PointsSource,
    {
        PointsSource.BASE: "年度基础分",
        PointsSource.PLEDGE: "承诺评议",
        PointsSource.SESSION: "结对帮扶活动",
        PointsSource.MANUAL: "手工加减分",
    },
)


class Pledge(Timestamped, Base):
    """承诺: what a member publicly promised for a year, and how it went."""

    __tablename__ = "pledges"
    __table_args__ = (Index("ix_pledges_year_person", "year", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[PledgeCategory] = mapped_column(enum_column(PledgeCategory))
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[PledgeStatus] = mapped_column(
        enum_column(PledgeStatus), default=PledgeStatus.IN_PROGRESS
    )
    rating: Mapped[PledgeRating | None] = mapped_column(enum_column(PledgeRating))
    rating_comment: Mapped[str] = mapped_column(Text, default="")
    rated_on: Mapped[dt.date | None] = mapped_column(Date)
    # A points adjustment given for this pledge by hand (the workbook's 积分 column).
    extra_points: Mapped[int] = mapped_column(Integer, default=0)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)  # order within the member's year

    progress: Mapped[list[PledgeProgress]] = relationship(
        back_populates="pledge",
        cascade="all, delete-orphan",
        order_by="(PledgeProgress.date, PledgeProgress.id)",
    )

    @property
    def name(self) -> str:  # what the audit log shows as the summary
        return f"{self.year} {self.text[:40]}"


class PledgeProgress(Timestamped, Base):
    """践诺: a dated note of what was done towards a pledge."""

    __tablename__ = "pledge_progress"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledges.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)

    pledge: Mapped[Pledge] = relationship(back_populates="progress")

    @property
    def name(self) -> str:
        return f"{self.date} {self.text[:40]}"


class PointsEntry(Timestamped, Base):
    """A manual points entry (加分/扣分) of a member, with its reason."""

    __tablename__ = "points_entries"
    __table_args__ = (Index("ix_points_entries_person_date", "person_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    date: Mapped[dt.date] = mapped_column(Date)
    points: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))

    @property
    def name(self) -> str:
        return f"{self.date} {self.points:+d} {self.reason[:30]}"
